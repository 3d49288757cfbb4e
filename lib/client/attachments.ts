/**
 * How an attached file is shown: its size in words, its address, the box
 * of its thumbnail.
 *
 * @module
 */
import type { Attachment } from "../api/attachments.ts";

/** "1.2 MB", "512 KB", "80 bytes": a size as a person reads it. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? "1 byte" : `${bytes} bytes`;
  const [value, unit] = bytes < 1024 * 1024
    ? [bytes / 1024, "KB"]
    : [bytes / (1024 * 1024), "MB"];
  const rounded = value >= 10 || Number.isInteger(value)
    ? Math.round(value)
    : Math.round(value * 10) / 10;
  return `${rounded} ${unit}`;
}

/** Address the server serves a stored file at (a download). */
export function attachmentUrl(conversationId: string, id: string): string {
  return `/api/conversations/${
    encodeURIComponent(conversationId)
  }/attachments/${encodeURIComponent(id)}`;
}

/**
 * Width and height of an image's thumbnail, at most `max` pixels on its
 * longer side: set on the `<img>`, the page does not jump when it loads.
 */
export function thumbnailSize(
  attachment: Pick<Attachment, "width" | "height">,
  max = 160,
): { width: number; height: number } {
  const w = attachment.width ?? 0;
  const h = attachment.height ?? 0;
  if (w <= 0 || h <= 0) return { width: max, height: max };
  const scale = Math.min(1, max / Math.max(w, h));
  return {
    width: Math.max(1, Math.round(w * scale)),
    height: Math.max(1, Math.round(h * scale)),
  };
}
