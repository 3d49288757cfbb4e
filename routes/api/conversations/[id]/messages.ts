import { streamResponse } from "../../../../lib/chat/mod.ts";
import { conversationIdFrom, readJsonBody } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/conversations/:id/messages` `{ content, model?, editMessageId? }`:
 * store the user message (or replace an earlier one and drop what followed),
 * start the reply and stream it as NDJSON.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const id = conversationIdFrom(ctx.params);
    const { chat } = ctx.state.services;
    const body = await readJsonBody(ctx.req, { maxBytes: chat.maxSendBytes });
    const run = await chat.send(id, {
      content: body.content,
      model: body.model,
      editMessageId: body.editMessageId,
    });
    return streamResponse(run);
  },
});
