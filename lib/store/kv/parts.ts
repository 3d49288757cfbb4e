/**
 * Values larger than Deno KV's 64 KiB limit: a message whose JSON is long
 * is kept as a pointer `{ id, parts }` plus its JSON text in pieces of
 * `PART_CHARS` UTF-16 units (at most 2 bytes each once serialized), written
 * before the pointer is committed and read back joined, so callers only
 * ever see whole messages.
 *
 * @module
 */
import type { Message } from "../types.ts";
import { atomically } from "./atomically.ts";
import { KEYS } from "./keys.ts";

/** Characters per piece: 30,000 UTF-16 units fit in 64 KiB serialized. */
export const PART_CHARS = 30_000;

/** Longest message JSON kept inline in its record. */
export const INLINE_CHARS = 28_000;

/** Bytes of pieces written per atomic operation (KV allows 800 KiB). */
const BATCH_BYTES = 600_000;

/** A stored message: inline, or a pointer to its pieces. */
export type StoredMessage =
  | { message: Message }
  | { id: string; partsId: string; parts: number };

/** A message split for storing, with the pieces to write first. */
export interface SplitMessage {
  stored: StoredMessage;
  pieces: string[];
}

/** The message id a stored record holds. */
export function storedId(stored: StoredMessage): string {
  return "message" in stored ? stored.message.id : stored.id;
}

/** Split a message when its JSON is too long to keep inline. */
export function splitMessage(message: Message, partsId: string): SplitMessage {
  const json = JSON.stringify(message);
  if (json.length <= INLINE_CHARS) return { stored: { message }, pieces: [] };
  const pieces: string[] = [];
  for (let at = 0; at < json.length; at += PART_CHARS) {
    pieces.push(json.slice(at, at + PART_CHARS));
  }
  return {
    stored: { id: message.id, partsId, parts: pieces.length },
    pieces,
  };
}

/** Write the pieces of a split value, in as few atomic writes as fit. */
export async function writePieces(
  kv: Deno.Kv,
  partsId: string,
  pieces: readonly string[],
): Promise<void> {
  const perOp = Math.max(1, Math.floor(BATCH_BYTES / (PART_CHARS * 2)));
  for (let at = 0; at < pieces.length; at += perOp) {
    await atomically(kv, (op) => {
      for (let n = at; n < Math.min(at + perOp, pieces.length); n++) {
        op.set(KEYS.part(partsId, n), pieces[n]);
      }
    });
  }
}

/** The whole message of a stored record; null when pieces are missing. */
export async function joinMessage(
  kv: Deno.Kv,
  stored: StoredMessage,
): Promise<Message | null> {
  if ("message" in stored) return stored.message;
  const pieces: string[] = [];
  for await (
    const item of kv.list<string>({ prefix: KEYS.parts(stored.partsId) })
  ) {
    pieces.push(item.value);
  }
  if (pieces.length !== stored.parts) return null;
  return JSON.parse(pieces.join("")) as Message;
}

/** Remove the pieces of a record that is no longer used. */
export async function deletePieces(
  kv: Deno.Kv,
  stored: StoredMessage,
): Promise<void> {
  if ("message" in stored) return;
  const { partsId, parts } = stored;
  await atomically(kv, (op) => {
    for (let n = 0; n < parts; n++) op.delete(KEYS.part(partsId, n));
  });
}
