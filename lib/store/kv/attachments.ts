/**
 * Uploaded files on Deno KV: the bytes in pieces under KV's 64 KiB value
 * limit, written first, then the record, which is what makes the file
 * exist (an upload cut short leaves only pieces, removed with the
 * conversation). Files stay in place while their conversation is in the
 * trash, unreachable (every read checks the conversation), and go when it
 * is purged.
 *
 * @module
 */
import type { Attachment } from "../../api/attachments.ts";
import { atomically } from "./atomically.ts";
import { KEYS } from "./keys.ts";

/** Bytes per stored piece (a value may hold 64 KiB). */
export const CHUNK_BYTES = 60_000;
/** Pieces written per atomic operation (KV allows 800 KiB per commit). */
const CHUNKS_PER_OP = 8;
/** Keys removed per atomic operation. */
const DELETE_BATCH = 500;

/** What the record key holds. */
interface FileRecord {
  attachment: Attachment;
  chunks: number;
}

/** Store a file's pieces, then its record. */
export async function putFile(
  kv: Deno.Kv,
  conversationId: string,
  options: { attachment: Attachment; bytes: Uint8Array },
): Promise<void> {
  const { attachment, bytes } = options;
  const chunks = Math.ceil(bytes.length / CHUNK_BYTES);
  for (let first = 0; first < chunks; first += CHUNKS_PER_OP) {
    const last = Math.min(chunks, first + CHUNKS_PER_OP);
    const result = await atomically(kv, (op) => {
      for (let n = first; n < last; n++) {
        op.set(
          KEYS.attachmentChunk(conversationId, attachment.id, n),
          bytes.slice(n * CHUNK_BYTES, (n + 1) * CHUNK_BYTES),
        );
      }
    });
    if (!result.ok) throw new Error("The file could not be stored");
  }
  await kv.set(
    KEYS.attachment(conversationId, attachment.id),
    { attachment, chunks } satisfies FileRecord,
  );
}

/** A file's record and piece count, or null. */
export async function fileRecord(
  kv: Deno.Kv,
  conversationId: string,
  attachmentId: string,
): Promise<FileRecord | null> {
  const entry = await kv.get<FileRecord>(
    KEYS.attachment(conversationId, attachmentId),
  );
  return entry.value;
}

/** A file's bytes, joined; null when a piece is missing. */
export async function fileBytes(
  kv: Deno.Kv,
  conversationId: string,
  record: FileRecord,
): Promise<Uint8Array | null> {
  const bytes = new Uint8Array(record.attachment.size);
  let offset = 0;
  let n = 0;
  const pieces = kv.list<Uint8Array>({
    prefix: KEYS.attachmentChunks(conversationId, record.attachment.id),
  });
  for await (const piece of pieces) {
    if (piece.key.at(-1) !== n || offset + piece.value.length > bytes.length) {
      return null;
    }
    bytes.set(piece.value, offset);
    offset += piece.value.length;
    n++;
  }
  return n === record.chunks && offset === bytes.length ? bytes : null;
}

/** Remove every file of a conversation (records and pieces). */
export async function deleteFiles(
  kv: Deno.Kv,
  conversationId: string,
): Promise<void> {
  await deleteUnder(kv, [
    KEYS.attachments(conversationId),
    KEYS.attachmentChunks(conversationId),
  ]);
}

/**
 * Remove one file's pieces, once its record (the commit point) is gone:
 * what is left of a failed removal is unreachable, never half a file.
 */
export async function deleteFileChunks(
  kv: Deno.Kv,
  conversationId: string,
  attachmentId: string,
): Promise<void> {
  await deleteUnder(kv, [KEYS.attachmentChunks(conversationId, attachmentId)]);
}

async function deleteUnder(kv: Deno.Kv, prefixes: Deno.KvKey[]) {
  for (const prefix of prefixes) {
    let keys: Deno.KvKey[] = [];
    const flush = async () => {
      const batch = keys;
      keys = [];
      await atomically(kv, (op) => batch.forEach((key) => op.delete(key)));
    };
    for await (const entry of kv.list({ prefix })) {
      keys.push(entry.key);
      if (keys.length >= DELETE_BATCH) await flush();
    }
    if (keys.length > 0) await flush();
  }
}
