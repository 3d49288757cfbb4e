import { conversationIdFrom } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/conversations/:id/stop`: stop the running reply; the text so
 * far is kept with `status: stopped`. Answers once it is stored.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const id = conversationIdFrom(ctx.params);
    await ctx.req.body?.cancel();
    return Response.json(await ctx.state.services.conversations.stopReply(id));
  },
});
