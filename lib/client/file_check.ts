/**
 * What the browser can tell about a file before uploading it: its kind,
 * and whether the limits of lib/api/attachments.ts allow it, said as a
 * sentence. The server checks again (it sniffs the bytes); this only
 * spares a person a pointless upload.
 *
 * @module
 */
import {
  type AttachmentKind,
  formatBytes,
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
