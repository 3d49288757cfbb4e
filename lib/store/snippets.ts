/**
 * Why a conversation matched a search: the first message containing the
 * words and a snippet around them. Pure functions over messages, shared by
 * both stores (which cut snippets from what their search already holds)
 * and by the conversations service (which reads the messages when a store
 * could not).
 *
 * @module
 */
import type { SearchMatch } from "../api/mod.ts";

/** Characters of context kept on each side of a match. */
const RADIUS = 40;

/** What a snippet needs of a message: its id, text and file names. */
export interface SearchableMessage {
  id: string;
  content: string;
  attachments?: readonly { name: string }[];
}

/**
 * What search looks through in a message, in order: its text, then the
 * names of its files (so "notes.txt" finds the chat it was attached to).
 * The one definition every backend's search and every snippet uses.
 */
export function piecesOf(message: SearchableMessage): string[] {
  const pieces = [message.content];
  for (const file of message.attachments ?? []) pieces.push(file.name);
  return pieces;
}

/**
 * The snippet of `text` around `[at, at + length)`: up to `radius`
 * characters each side, cut at word boundaries, on one line.
 */
export function snippetAround(
  text: string,
  at: number,
  length: number,
  radius = RADIUS,
): Omit<SearchMatch, "messageId"> {
  const flat = (s: string) => s.replace(/\s+/g, " ");
  let start = Math.max(0, at - radius);
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space >= 0 && space < at) start = space + 1;
  }
  let end = Math.min(text.length, at + length + radius);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > at + length) end = space;
  }
  return {
    before: (start > 0 ? "…" : "") + flat(text.slice(start, at)).trimStart(),
    match: flat(text.slice(at, at + length)),
    after: flat(text.slice(at + length, end)).trimEnd() +
      (end < text.length ? "…" : ""),
  };
}

/** The first message of `messages` containing `q` (any case), as a match. */
export function findMatch(
  messages: readonly SearchableMessage[],
  q: string,
): SearchMatch | undefined {
  const needle = q.trim().toLowerCase();
  if (!needle) return undefined;
  for (const message of messages) {
    for (const text of piecesOf(message)) {
      const lower = text.toLowerCase();
      const at = lower.indexOf(needle);
      if (at < 0) continue;
      const [start, end] = lower.length === text.length
        ? [at, at + needle.length]
        : originalRange(text, at, needle.length);
      return {
        messageId: message.id,
        ...snippetAround(text, start, end - start),
      };
    }
  }
  return undefined;
}

/**
 * Where `[at, at + length)` of `text.toLowerCase()` lies in `text` itself,
 * for text where lower-casing made a letter longer ("İ" becomes two
 * characters): each later match would otherwise be shifted.
 */
function originalRange(
  text: string,
  at: number,
  length: number,
): [number, number] {
  let original = 0;
  let lowered = 0;
  let start = -1;
  for (const letter of text) {
    lowered += letter.toLowerCase().length;
    if (start < 0 && lowered > at) start = original;
    original += letter.length;
    if (lowered >= at + length) return [start, original];
  }
  return [start < 0 ? text.length : start, text.length];
}
