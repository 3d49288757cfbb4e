/**
 * The searchable form of a conversation's messages, kept small enough to
 * sit in the search index (and the KV store's cache) and still give a
 * snippet in the words' own case with the id of their message.
 *
 * - `text`: every piece (a message's text, then the names of its files),
 *   lower-cased and joined by `\n`: what search looks through, the same
 *   for every backend.
 * - `pieces`: JSON, per message `[id, ...piece]` (a UUID packed in 22
 *   base-64 characters, any other id as `=` and itself), per piece what
 *   turns its
 *   lower-cased text back into the original: a number (its length; the
 *   text had no capitals), `[length, changes]` (the places whose case
 *   differs, as base-36 gaps; `gap=code` when the original is not simply
 *   the ASCII capital), or `[length, 0, original]` when lower-casing
 *   changed the length (rare letters such as "İ").
 *
 * Most text differs from its lower case in a few capitals, so `pieces`
 * costs the message ids and a few bytes per capital instead of a second
 * copy of the text (about a tenth of the text's size in English prose,
 * plus about 25 bytes a message).
 *
 * @module
 */
import type { SearchMatch } from "../api/mod.ts";
import { findMatch, piecesOf, type SearchableMessage } from "./snippets.ts";

type Piece = number | [number, string] | [number, 0, string];

/** A conversation's messages as search keeps them. */
export interface SearchText {
  /** All pieces lower-cased, joined by `\n`. */
  text: string;
  /** How to give each piece back in its own case (JSON). */
  pieces: string;
}

/** The searchable form of `messages`. */
export function searchTextOf(
  messages: readonly SearchableMessage[],
): SearchText {
  const lowered: string[] = [];
  const all: (string | Piece)[][] = [];
  for (const message of messages) {
    const entry: (string | Piece)[] = [packId(message.id)];
    for (const original of piecesOf(message)) {
      const lower = original.toLowerCase();
      lowered.push(lower);
      entry.push(pieceOf(original, lower));
    }
    all.push(entry);
  }
  return { text: lowered.join("\n"), pieces: JSON.stringify(all) };
}

/**
 * `searchTextOf(messages).text` alone: what an in-memory search looks
 * through, without the cost of the pieces.
 */
export function lowerTextOf(messages: readonly SearchableMessage[]): string {
  const lowered: string[] = [];
  for (const message of messages) {
    for (const piece of piecesOf(message)) lowered.push(piece.toLowerCase());
  }
  return lowered.join("\n");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PACKED = /^[A-Za-z0-9_-]{22}$/;

/** A message id, short: the store's UUIDs in 22 characters instead of 36. */
function packId(id: string): string {
  if (!UUID.test(id)) return `=${id}`;
  const hex = id.replaceAll("-", "");
  let binary = "";
  for (let i = 0; i < 32; i += 2) {
    binary += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16));
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").slice(0, 22);
}

function unpackId(packed: unknown): string | undefined {
  if (typeof packed !== "string") return undefined;
  if (packed.startsWith("=")) return packed.slice(1);
  if (!PACKED.test(packed)) return undefined;
  const binary = atob(packed.replaceAll("-", "+").replaceAll("_", "/") + "==");
  let hex = "";
  for (let i = 0; i < binary.length; i++) {
    hex += binary.charCodeAt(i).toString(16).padStart(2, "0");
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${
    hex.slice(16, 20)
  }-${hex.slice(20)}`;
}

function pieceOf(original: string, lower: string): Piece {
  if (lower === original) return lower.length;
  if (lower.length !== original.length) return [lower.length, 0, original];
  const changes: string[] = [];
  let last = 0;
  for (let i = 0; i < original.length; i++) {
    const was = original.charCodeAt(i);
    const low = lower.charCodeAt(i);
    if (was === low) continue;
    const gap = (i - last).toString(36);
    last = i;
    changes.push(
      low >= 97 && low <= 122 && was === low - 32
        ? gap
        : `${gap}=${was.toString(36)}`,
    );
  }
  return [lower.length, changes.join(",")];
}

function restore(lower: string, changes: string): string {
  if (changes === "") return lower;
  const out: string[] = [];
  let from = 0;
  let at = 0;
  for (const change of changes.split(",")) {
    const [gap, code] = change.split("=");
    at += parseInt(gap, 36);
    out.push(lower.slice(from, at));
    out.push(
      String.fromCharCode(
        code === undefined ? lower.charCodeAt(at) - 32 : parseInt(code, 36),
      ),
    );
    from = at + 1;
  }
  out.push(lower.slice(from));
  return out.join("");
}

/**
 * The messages of a searchable form in their own case, or undefined when
 * `pieces` does not fit `text` (a damaged record: read the messages).
 */
export function messagesOf(
  form: SearchText,
): SearchableMessage[] | undefined {
  const { text } = form;
  let all: unknown;
  try {
    all = JSON.parse(form.pieces);
  } catch {
    return undefined;
  }
  if (!Array.isArray(all)) return undefined;
  const messages: SearchableMessage[] = [];
  let at = 0;
  let count = 0;
  for (const entry of all) {
    const id = Array.isArray(entry) ? unpackId(entry[0]) : undefined;
    if (id === undefined) return undefined;
    const texts: string[] = [];
    for (const piece of entry.slice(1) as Piece[]) {
      const length = typeof piece === "number" ? piece : piece?.[0];
      if (typeof length !== "number" || length < 0) return undefined;
      const end = at + length;
      // Each piece ends the text or is followed by the `\n` between pieces.
      if (end > text.length || (end < text.length && text[end] !== "\n")) {
        return undefined;
      }
      const lower = text.slice(at, end);
      at = end + 1;
      count++;
      if (typeof piece === "number") texts.push(lower);
      else if (typeof piece[1] === "string") {
        texts.push(restore(lower, piece[1]));
      } else if (typeof piece[2] === "string") texts.push(piece[2]);
      else return undefined;
    }
    if (texts.length === 0) return undefined;
    const [content, ...names] = texts;
    messages.push(
      names.length > 0
        ? {
          id,
          content,
          attachments: names.map((name) => ({ name })),
        }
        : { id, content },
    );
  }
  // Every piece used, and nothing of the text left over.
  if (count === 0 ? text !== "" : at !== text.length + 1) return undefined;
  return messages;
}

/**
 * The match that explains why `form` was found for `q`: a match, null when
 * no single piece holds `q` (the words span two messages), or undefined
 * when the form is damaged.
 */
export function matchIn(
  form: SearchText,
  q: string,
): SearchMatch | null | undefined {
  const messages = messagesOf(form);
  if (!messages) return undefined;
  return findMatch(messages, q) ?? null;
}
