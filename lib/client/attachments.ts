/**
 * What the browser can tell about a file before uploading it (its kind,
 * whether the limits of lib/api/attachments.ts allow it, said as a
 * sentence), and how an attached file is shown: its size in words, its
 * address, the box of its thumbnail. The server checks again (it sniffs
 * the bytes); these checks only spare a person a pointless upload.
 *
 * @module
 */
import {
  type Attachment,
  type AttachmentKind,
  IMAGE_MEDIA_TYPES,
  MAX_IMAGE_ATTACHMENT_BYTES,
  MAX_TEXT_ATTACHMENT_BYTES,
} from "../api/attachments.ts";

/** Extensions of text and code files, whatever type the browser claims (`.ts` is "video/mp2t"). */
const TEXT_EXTENSIONS = new Set(
  ("txt md markdown csv tsv json jsonl ndjson xml yaml yml toml ini cfg conf " +
    "env log sql html htm css scss less js mjs cjs jsx ts mts cts tsx py rb " +
    "go rs java kt kts c h cc cpp hpp cs swift php pl lua r sh bash zsh fish " +
    "ps1 bat dockerfile makefile gradle vue svelte graphql proto tex rst " +
    "adoc org diff patch gitignore editorconfig lock").split(" "),
);

/** Media types of text that do not start with `text/`. */
const TEXT_TYPES =
  /^application\/(json|xml|javascript|typescript|x-sh|x-yaml|yaml|toml|sql|x-httpd-php|ld\+json|x-ndjson)$|\+(json|xml)$/;

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

/**
 * How the app would take `file`, or why it would not: a sentence naming
 * the file ("notes.txt is 2.1 MB; text files can be at most 512 KB.").
 */
export function checkFile(
  file: { name: string; type: string; size: number },
): { kind: AttachmentKind } | { error: string } {
  const extension = file.name.toLowerCase().split(".").at(-1) ?? "";
  const type = file.type.toLowerCase();
  let kind: AttachmentKind;
  if (IMAGE_MEDIA_TYPES.includes(type)) kind = "image";
  else if (type.startsWith("image/") && !TEXT_EXTENSIONS.has(extension)) {
    return {
      error:
        `${file.name} is an image type the app does not take; use PNG, JPEG, GIF or WebP.`,
    };
  } else if (
    // The server reads the bytes: an unknown type may well be text.
    TEXT_EXTENSIONS.has(extension) || !type || type.startsWith("text/") ||
    TEXT_TYPES.test(type) || type === "application/octet-stream"
  ) kind = "text";
  else {
    return {
      error:
        `${file.name} is not a file the app takes; attach text or code files, or PNG, JPEG, GIF or WebP images.`,
    };
  }
  const max = kind === "image"
    ? MAX_IMAGE_ATTACHMENT_BYTES
    : MAX_TEXT_ATTACHMENT_BYTES;
  if (file.size > max) {
    return {
      error: `${file.name} is ${formatBytes(file.size)}; ${
        kind === "image" ? "images" : "text files"
      } can be at most ${formatBytes(max)}.`,
    };
  }
  return { kind };
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
