/**
 * The box of an image's thumbnail (its size in words and its address come
 * from lib/api/attachments.ts).
 *
 * @module
 */
import type { Attachment } from "../api/attachments.ts";

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
