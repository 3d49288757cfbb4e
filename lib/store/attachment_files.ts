/**
 * The CSV backend's attachment files: each conversation's uploads live in
 * `conversations/<id>.files/`, one `<attachmentId>.<ext>` per file (the
 * bytes as uploaded; the extension from the sniffed type) beside
 * `<attachmentId>.json`, its record (the person's file name, type, size).
 * Files are named by id only, so no name can reach outside the folder; the
 * folder moves with the conversation to the trash and back.
 *
 * @module
 */
import type { Attachment } from "../api/attachments.ts";
import { attachmentRecord } from "./attachments.ts";
import { readIfExists, removeIfExists, writeAtomic } from "./files.ts";
import { isId } from "./uuid.ts";

/** Suffix of a conversation's attachment folder, beside its messages file. */
export const FILES_SUFFIX = ".files";

const EXTENSIONS: Record<string, string> = {
  "image/png": "png",
  "image/jpeg": "jpg",
  "image/gif": "gif",
  "image/webp": "webp",
};

/** Attachment files under a `conversations` folder. */
export class AttachmentFiles {
  #dir: string;

  /** Files kept under `dir` (the `conversations` folder). */
  constructor(dir: string) {
    this.#dir = dir;
  }

  /** A conversation's attachment folder. */
  folder(conversationId: string): string {
    return `${this.#dir}/${conversationId}${FILES_SUFFIX}`;
  }

  #bytesPath(conversationId: string, attachment: Attachment): string {
    const ext = EXTENSIONS[attachment.mediaType] ?? "txt";
    return `${this.folder(conversationId)}/${attachment.id}.${ext}`;
  }

  #recordPath(conversationId: string, attachmentId: string): string {
    return `${this.folder(conversationId)}/${attachmentId}.json`;
  }

  /**
   * Write the bytes, then the record (each synced and renamed into place):
   * an upload cut short leaves no record, so it was never there.
   */
  async put(
    conversationId: string,
    attachment: Attachment,
    bytes: Uint8Array,
  ): Promise<void> {
    await Deno.mkdir(this.folder(conversationId), { recursive: true });
    await writeAtomic(this.#bytesPath(conversationId, attachment), bytes);
    await writeAtomic(
      this.#recordPath(conversationId, attachment.id),
      new TextEncoder().encode(JSON.stringify(attachment, null, 2) + "\n"),
    );
  }

  /** A file's record, or null when there is none (or it is unreadable). */
  async get(
    conversationId: string,
    attachmentId: string,
  ): Promise<Attachment | null> {
    if (!isId(attachmentId)) return null;
    const raw = await readIfExists(
      this.#recordPath(conversationId, attachmentId),
    );
    if (raw === null) return null;
    let value: unknown;
    try {
      value = JSON.parse(new TextDecoder().decode(raw));
    } catch {
      return null;
    }
    const record = attachmentRecord(value);
    return typeof record === "string" || record.id !== attachmentId
      ? null
      : record;
  }

  /** Remove a file: the record first (then it is gone), then the bytes. */
  async remove(conversationId: string, attachment: Attachment): Promise<void> {
    await removeIfExists(this.#recordPath(conversationId, attachment.id));
    await removeIfExists(this.#bytesPath(conversationId, attachment));
  }

  /** A file's bytes, or null when they are missing. */
  read(conversationId: string, attachment: Attachment): Promise<
    Uint8Array | null
  > {
    return readIfExists(this.#bytesPath(conversationId, attachment));
  }
}
