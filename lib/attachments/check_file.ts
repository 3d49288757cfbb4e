/**
 * One file made into an attachment record, the same way for an upload and
 * for an import: safe name, type sniffed from the bytes (UTF-16 text kept
 * as UTF-8), size held to its kind's limit.
 *
 * @module
 */
import {
  type Attachment,
  formatBytes,
  MAX_IMAGE_ATTACHMENT_BYTES,
  MAX_TEXT_ATTACHMENT_BYTES,
} from "../api/attachments.ts";
import { PayloadTooLargeError } from "../errors.ts";
import { safeFileName } from "./names.ts";
import { sniffFile } from "./sniff.ts";

/** A file as uploaded: the person's name and the bytes. */
export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
}

/** A checked file, ready to store. */
export interface CheckedFile {
  attachment: Attachment;
  bytes: Uint8Array;
}

/**
 * A file made into a record: safe name, type sniffed from the bytes (415
 * when not accepted), size within its kind's limit (413 naming both).
 */
export function checkFile(
  file: UploadedFile,
  options: { id: string },
): CheckedFile {
  const name = safeFileName(file.name);
  const { utf8, ...sniffed } = sniffFile(file.bytes, name);
  const bytes = utf8 ?? file.bytes;
  const size = bytes.length;
  const max = sniffed.kind === "image"
    ? MAX_IMAGE_ATTACHMENT_BYTES
    : MAX_TEXT_ATTACHMENT_BYTES;
  if (size > max) {
    const what = sniffed.kind === "image" ? "images" : "text files";
    throw new PayloadTooLargeError(
      `${name} is ${formatBytes(size)}; ${what} can be at most ${
        formatBytes(max)
      }.`,
    );
  }
  return {
    attachment: { id: options.id, name, size, ...sniffed },
    bytes,
  };
}
