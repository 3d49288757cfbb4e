import { contentDisposition } from "../../../../../lib/attachments/mod.ts";
import {
  type Attachment,
  TEXT_SERVED_TYPE,
} from "../../../../../lib/api/attachments.ts";
import { conversationIdFrom } from "../../../../../lib/http.ts";
import { define } from "../../../../../utils.ts";

/**
 * `GET /api/conversations/:id/attachments/:attachmentId`: the stored
 * bytes. Images inline (thumbnails), text as a download served as plain
 * text whatever it holds; `nosniff` so a browser never guesses otherwise.
 * 404 for unknown, malformed or other conversations' ids.
 *
 * `HEAD`: the same headers from the file's record, without reading the
 * file (a composer checks the files it kept over a reload are still there).
 *
 * `DELETE`: remove a file that no message was sent with (taken off the
 * composer) → 204; 409 with a sentence for a sent one.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { attachment, bytes } = await ctx.state.services.conversations.file(
      conversationIdFrom(ctx.params),
      ctx.params.attachmentId ?? "",
    );
    return new Response(bytes as Uint8Array<ArrayBuffer>, {
      headers: headersOf(attachment, bytes.length),
    });
  },

  async HEAD(ctx) {
    const attachment = await ctx.state.services.conversations.fileRecord(
      conversationIdFrom(ctx.params),
      ctx.params.attachmentId ?? "",
    );
    return new Response(null, {
      headers: headersOf(attachment, attachment.size),
    });
  },

  async DELETE(ctx) {
    await ctx.state.services.conversations.discardFile(
      conversationIdFrom(ctx.params),
      ctx.params.attachmentId ?? "",
    );
    return new Response(null, { status: 204 });
  },
});

/**
 * The headers of a stored file's answer: `length` is the bytes sent, or for
 * `HEAD` the size its record gives.
 */
function headersOf(attachment: Attachment, length: number): HeadersInit {
  const image = attachment.kind === "image";
  return {
    "content-type": image ? attachment.mediaType : TEXT_SERVED_TYPE,
    "content-disposition": contentDisposition(
      image ? "inline" : "attachment",
      attachment.name,
    ),
    "content-length": String(length),
    "x-content-type-options": "nosniff",
    "cache-control": "private, max-age=86400, immutable",
  };
}
