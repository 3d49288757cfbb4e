import { conversationIdFrom } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/conversations/:id/restore`: bring a deleted conversation back
 * from the trash (the sidebar's "Undo"); answers with the conversation.
 * 404 when it is not in the trash, 409 when it was never deleted.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const id = conversationIdFrom(ctx.params);
    await ctx.req.body?.cancel();
    return Response.json(await ctx.state.services.conversations.restore(id));
  },
});
