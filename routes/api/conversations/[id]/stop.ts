import { conversationIdFrom } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/conversations/:id/stop`: stop the running reply; the text so
 * far is kept with `status: stopped`. Answers once it is stored.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const id = conversationIdFrom(ctx.params);
    const { chat, store } = ctx.state.services;
    await ctx.req.body?.cancel();
    const run = await chat.stop(id);
    if (!run) {
      await store.getConversation(id);
      return Response.json({ stopped: false, messageId: null, status: null });
    }
    return Response.json({
      stopped: run.status === "stopped",
      messageId: run.messageId,
      status: run.status,
    });
  },
});
