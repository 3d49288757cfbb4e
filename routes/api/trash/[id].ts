import { conversationIdFrom } from "../../../lib/http.ts";
import { define } from "../../../utils.ts";

/**
 * `DELETE /api/trash/:id`: delete a conversation in the trash for good
 * → 204; 404 when it is not in the trash.
 */
export const handler = define.handlers({
  async DELETE(ctx) {
    const id = conversationIdFrom(ctx.params);
    await ctx.req.body?.cancel();
    await ctx.state.services.conversations.purge(id);
    return new Response(null, { status: 204 });
  },
});
