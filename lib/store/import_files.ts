/**
 * Files in an import (our JSON export's `attachments`, base64 `data`):
 * held to the same rules as an upload, type sniffed again from the bytes
 * and sizes checked, never trusted from the file; a message keeps only the
 * files that came through, as they were found now.
 *
 * @module
 */
import {
  type Attachment,
  MAX_ATTACHMENTS_PER_MESSAGE,
} from "../api/attachments.ts";
import { type CheckedFile, checkFile } from "../attachments/check_file.ts";
import type { ImportSkip } from "./import.ts";
import type { NewMessage } from "./types.ts";
import { isId, newId } from "./uuid.ts";

/** The files of an imported conversation by their id in the file. */
export type ImportFiles = Map<string, CheckedFile>;

/** Read and check the `attachments` of an exported conversation. */
export function readImportFiles(
  raw: unknown,
  where: string,
  skipped: ImportSkip[],
): ImportFiles {
  const files: ImportFiles = new Map();
  if (!Array.isArray(raw)) return files;
  raw.forEach((item, i) => {
    const v = (typeof item === "object" && item !== null ? item : {}) as Record<
      string,
      unknown
    >;
    const label = `${where}, file ${
      typeof v.name === "string" ? v.name.slice(0, 60) : i + 1
    }`;
    if (!isId(v.id) || typeof v.data !== "string") {
      skipped.push({ item: label, reason: "it has no id or no data" });
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.fromBase64(v.data);
    } catch {
      skipped.push({ item: label, reason: "its data is not base64" });
      return;
    }
    try {
      const name = typeof v.name === "string" ? v.name : "";
      files.set(v.id, checkFile({ name, bytes }, { id: newId() }));
    } catch (error) {
      skipped.push({ item: label, reason: (error as Error).message });
    }
  });
  return files;
}

/**
 * The message's `attachments` (records from the file) replaced by the
 * checked files they name, at most as many as a message may have;
 * records without a file are left out.
 */
export function withImportFiles(
  message: NewMessage,
  raw: unknown,
  files: ImportFiles,
): NewMessage {
  if (!Array.isArray(raw)) return message;
  const kept: Attachment[] = raw.flatMap((record) => {
    const id = (record as { id?: unknown })?.id;
    const file = typeof id === "string" ? files.get(id) : undefined;
    return file ? [file.attachment] : [];
  });
  if (kept.length > 0) {
    message.attachments = kept.slice(0, MAX_ATTACHMENTS_PER_MESSAGE);
  }
  return message;
}
