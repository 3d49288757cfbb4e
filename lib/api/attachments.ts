/**
 * Files attached to a person's message: the wire contract shared by the
 * server (store, chat service, routes) and the chat island.
 *
 * The flow: the island uploads each file to
 * `POST /api/conversations/:id/attachments` (multipart, one or more `file`
 * fields) and gets back {@linkcode Attachment} records; the send then
 * names them, `POST /api/conversations/:id/messages`
 * `{ content, attachmentIds }`. The stored message carries the records in
 * `Message.attachments`; `GET /api/conversations/:id/attachments/:attachmentId`
 * serves the bytes back (`Content-Disposition`, `nosniff`).
 *
 * @module
 */

/** How a file reaches the model: text goes into the context, images as image parts. */
export type AttachmentKind = "text" | "image";

/** One stored file, as the API returns it and a message keeps it. */
export interface Attachment {
  /** Lowercase UUIDv7. */
  id: string;
  /** File name as the person gave it, made safe (no folders, no control characters). */
  name: string;
  /** Media type found from the bytes (sniffed), not the one the browser claimed. */
  mediaType: string;
  kind: AttachmentKind;
  /** Size in bytes. */
  size: number;
  /** Pixel size, for images. */
  width?: number;
  height?: number;
}

/** Largest text or code file, in bytes (it all goes into the model's context). */
export const MAX_TEXT_ATTACHMENT_BYTES = 512 * 1024;

/** Largest image, in bytes. */
export const MAX_IMAGE_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Most files on one message. */
export const MAX_ATTACHMENTS_PER_MESSAGE = 10;

/** Image types the app accepts (sniffed from the bytes). */
export const IMAGE_MEDIA_TYPES: readonly string[] = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
];

/**
 * Largest upload request, in bytes: one image at its limit plus room for
 * a few text files and the form's framing. Beyond it the request is
 * refused (413) before it is read; upload large files one per request.
 */
export const MAX_UPLOAD_REQUEST_BYTES = MAX_IMAGE_ATTACHMENT_BYTES +
  1024 * 1024;

/** How every text file is served back (whatever `mediaType` says). */
export const TEXT_SERVED_TYPE = "text/plain; charset=utf-8";

/** Where an attachment's bytes are served (thumbnails, downloads, exports). */
export function attachmentUrl(
  conversationId: string,
  attachmentId: string,
): string {
  return `/api/conversations/${conversationId}/attachments/${attachmentId}`;
}

/**
 * A size as people read it: "900 bytes", "1.2 KB", "34 KB", "2.1 MB"
 * (1 KB = 1024 bytes, one decimal below 10).
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} byte${bytes === 1 ? "" : "s"}`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const shown = value < 10
    ? (Math.round(value * 10) / 10).toString()
    : Math.round(value).toString();
  return `${shown} ${units[unit]}`;
}
