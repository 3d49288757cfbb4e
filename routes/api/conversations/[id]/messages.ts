import { streamResponse } from "../../../../lib/chat/mod.ts";
import { conversationIdFrom, readJsonBody } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `POST /api/conversations/:id/messages`
 * `{ content, model?, parentId?, attachmentIds? }`:
 * store the user message after `parentId` (default: the end of the shown
 * branch; an earlier message starts a new branch, which is how an edit is
 * sent), start the reply and stream it as NDJSON. `editMessageId` is
 * accepted as "a new version of that message".
 */
export const handler = define.handlers({
  async POST(ctx) {
    const id = conversationIdFrom(ctx.params);
    const { chat } = ctx.state.services;
    const body = await readJsonBody(ctx.req, { maxBytes: chat.maxSendBytes });
    const run = await chat.send(id, {
      content: body.content,
      model: body.model,
      parentId: body.parentId,
      editMessageId: body.editMessageId,
      attachmentIds: body.attachmentIds,
    });
    return streamResponse(run);
  },
});
