/**
 * Where the KV backend keeps things. Every write to a conversation also
 * rewrites its `conversations` record, so that record's versionstamp is
 * the conversation's version: one check guards a whole change.
 *
 * ```
 * ["conversations", id]            { entry, count }
 * ["list", pinned 1|0, updatedAt, id]   entry (read backwards = list order)
 * ["messages", id, position]       a message, or a pointer to its parts
 * ["message_ids", id, messageId]   position of a message
 * ["parts", partsId, n]            pieces of a value over 64 KiB
 * ["trash", id]                    { entry, count, deletedAt } of a deleted one
 * ["attachments", id, fileId]      { attachment, chunks } of an uploaded file
 * ["attachment_chunks", id, fileId, n]  its bytes, in pieces under 64 KiB
 * ```
 *
 * @module
 */
import type { IndexEntry } from "../columns.ts";

/** What a conversation's record holds: metadata and its message count. */
export interface ConversationRecord {
  entry: IndexEntry;
  /** Messages at positions `0 … count - 1` are the conversation's. */
  count: number;
}

/** A deleted conversation's record: as it was, and when it was deleted. */
export interface TrashRecord extends ConversationRecord {
  /** ISO time of the delete; absent in records from before it was kept. */
  deletedAt?: string;
}

/** Keys of the KV backend. */
export const KEYS = {
  conversation: (id: string): Deno.KvKey => ["conversations", id],
  conversations: ["conversations"] as Deno.KvKey,
  listPrefix: ["list"] as Deno.KvKey,
  listed: (
    entry: Pick<IndexEntry, "pinned" | "updatedAt" | "id">,
  ): Deno.KvKey => ["list", entry.pinned ? 1 : 0, entry.updatedAt, entry.id],
  message: (id: string, position: number): Deno.KvKey => [
    "messages",
    id,
    position,
  ],
  messagePrefix: (id: string): Deno.KvKey => ["messages", id],
  messageId: (id: string, messageId: string): Deno.KvKey => [
    "message_ids",
    id,
    messageId,
  ],
  part: (partsId: string, n: number): Deno.KvKey => ["parts", partsId, n],
  parts: (partsId: string): Deno.KvKey => ["parts", partsId],
  trash: (id: string): Deno.KvKey => ["trash", id],
  trashPrefix: ["trash"] as Deno.KvKey,
  attachment: (id: string, fileId: string): Deno.KvKey => [
    "attachments",
    id,
    fileId,
  ],
  attachments: (id: string): Deno.KvKey => ["attachments", id],
  attachmentChunk: (id: string, fileId: string, n: number): Deno.KvKey => [
    "attachment_chunks",
    id,
    fileId,
    n,
  ],
  attachmentChunks: (id: string, fileId?: string): Deno.KvKey =>
    fileId === undefined
      ? ["attachment_chunks", id]
      : ["attachment_chunks", id, fileId],
} as const;
