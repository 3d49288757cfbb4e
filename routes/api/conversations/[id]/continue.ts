import { streamResponse } from "../../../../lib/chat/mod.ts";
import { conversationIdFrom, readJsonBody } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/conversations/:id/continue` `{ messageId?, model? }`: write
 * more of a reply that ended early (default: the last of the shown
 * branch); the same message grows, streamed like `messages`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const id = conversationIdFrom(ctx.params);
    const body = await readJsonBody(ctx.req, { optional: true });
    const run = await ctx.state.services.chat.continue(id, {
      model: body.model,
      messageId: body.messageId,
    });
    return streamResponse(run);
  },
});
