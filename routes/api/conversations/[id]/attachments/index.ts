import { readUploadForm } from "../../../../../lib/attachments/mod.ts";
import { conversationIdFrom } from "../../../../../lib/http.ts";
import { define } from "../../../../../utils.ts";

/**
 * `POST /api/conversations/:id/attachments`: multipart form, one or more
 * `file` fields → 201 `{ attachments }`, the records a send then names in
 * `attachmentIds`. 415 for a type not accepted, 413 over a limit.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const id = conversationIdFrom(ctx.params);
    const attachments = await ctx.state.services.conversations.upload(
      id,
      () => readUploadForm(ctx.req),
    );
    return Response.json({ attachments }, { status: 201 });
  },
});
