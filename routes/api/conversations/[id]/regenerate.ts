import { streamResponse } from "../../../../lib/chat/mod.ts";
import { conversationIdFrom, readJsonBody } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/conversations/:id/regenerate` `{ model? }`: replace the last
 * reply with a new one, streamed like `messages`.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const id = conversationIdFrom(ctx.params);
    const body = await readJsonBody(ctx.req, { optional: true });
    const run = await ctx.state.services.chat.regenerate(id, {
      model: body.model,
    });
    return streamResponse(run);
  },
});
