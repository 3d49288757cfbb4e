import { streamResponse } from "../../../../lib/chat/mod.ts";
import { conversationIdFrom, readJsonBody } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/conversations/:id/regenerate` `{ model?, messageId? }`: a new
 * reply to the user message `messageId` (default: the last of the shown
 * branch) beside the earlier ones, streamed like `messages`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const id = conversationIdFrom(ctx.params);
    const body = await readJsonBody(ctx.req, { optional: true });
    const run = await ctx.state.services.chat.regenerate(id, {
      model: body.model,
      messageId: body.messageId,
    });
    return streamResponse(run);
  },
});
