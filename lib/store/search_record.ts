/**
 * The layout of one record of the search index (`search_index.ts`):
 *
 * ```
 * <id>\t<size>\t<mtime>\t<last activity>\t<problems as JSON>\t<text bytes>\t<text>\t<pieces>\0\n
 * ```
 *
 * `<text>` and `<pieces>` are the conversation's `SearchText` (the text
 * lower-cased; per message its id and what gives its text back in its own
 * case). The text's length in bytes lets search tell a hit in the text
 * from one in the pieces, and skip a matching record's pieces, without
 * looking at them: they cost a search only their bytes read. NUL never
 * occurs inside a record (it is replaced by a space), so a NUL ends one.
 *
 * @module
 */
import type { FileStamp } from "./files.ts";
import { roomIn } from "./read_buffer.ts";
import { searchTextOf } from "./search_text.ts";
import type { SearchableMessage } from "./snippets.ts";
import type { StoreProblem } from "./types.ts";

/** First line of a file of this layout (a file without it is not read). */
export const HEADER =
  "LiveAiChat search index 3: derived from conversations/, " +
  "rebuilt when missing; safe to delete\0\n";
/** `HEADER` as bytes. */
export const HEADER_BYTES = new TextEncoder().encode(HEADER);
/** What ends each record. */
export const END = "\0\n";
/** Length of a conversation id, the first field. */
export const ID_LENGTH = 36;
/** Fields of the head: id, size, mtime, last activity, problems. */
const HEAD_FIELDS = 5;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** What the index keeps of one conversation. */
export interface SearchRecord {
  id: string;
  /** Stamp of `conversations/<id>.csv` the text was read from. */
  stamp: FileStamp | null;
  /** Latest time a message was created or completed. */
  lastActivity: string | null;
  /** Unreadable parts of the file, as last found. */
  problems: StoreProblem[];
  /** All message text, lower-cased (as `searchTextOf(messages).text`). */
  text: string;
  /** The messages, for the pieces and for snippets before a write. */
  messages: readonly SearchableMessage[];
}

/** A record without its text: what start-up compares with the disk. */
export type SearchHead = Omit<SearchRecord, "text" | "messages">;

/**
 * One record, end mark included, as the byte parts written to the file in
 * order: its text is cleaned of NUL and encoded once, and its length in
 * bytes is read off that encoding rather than encoding it twice. The file
 * write joins every record's parts into one buffer (one copy more).
 */
export function encodeRecord(r: SearchRecord): Uint8Array[] {
  const problems = r.problems.length > 0 ? JSON.stringify(r.problems) : "";
  const { text, pieces } = searchTextOf(r.messages);
  const body = encoder.encode(text.replaceAll("\0", " "));
  const head = `${r.id}\t${r.stamp?.size ?? ""}\t${r.stamp?.mtime ?? ""}\t${
    r.lastActivity ?? ""
  }\t${problems}\t${body.length}\t`;
  return [encoder.encode(head), body, encoder.encode(`\t${pieces}${END}`)];
}

/** Byte ranges of the records (each with its end mark) from `from`. */
export function* records(
  bytes: Uint8Array,
  from: number,
): Generator<{ start: number; end: number }> {
  let start = from;
  while (start < bytes.length) {
    const nul = bytes.indexOf(0, start);
    if (nul < 0) return; // a torn last record: that file is read again
    const end = nul + END.length;
    yield { start, end };
    start = end;
  }
}

/** Whether `bytes` begin with this layout's header. */
export function hasHeader(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_BYTES.length) return false;
  for (let i = 0; i < HEADER_BYTES.length; i++) {
    if (bytes[i] !== HEADER_BYTES[i]) return false;
  }
  return true;
}

/** The head of the record at `at`, or null when it is not one. */
export function parseHead(
  bytes: Uint8Array,
  at: { start: number; end: number },
): SearchHead | null {
  const fields: string[] = [];
  let from = at.start;
  for (let i = 0; i < HEAD_FIELDS; i++) {
    const tab = bytes.indexOf(9, from);
    if (tab < 0 || tab >= at.end) return null;
    fields.push(decoder.decode(bytes.subarray(from, tab)));
    from = tab + 1;
  }
  const [id, size, mtime, lastActivity, problems] = fields;
  if (id.length !== ID_LENGTH) return null;
  try {
    return {
      id,
      stamp: size === ""
        ? null
        : { size: Number(size), mtime: mtime === "" ? null : Number(mtime) },
      lastActivity: lastActivity || null,
      problems: problems ? JSON.parse(problems) : [],
    };
  } catch {
    return null;
  }
}

/** Where a record's text lies: `[from, to)`. */
export interface TextRange {
  from: number;
  to: number;
}

/**
 * Where the text of the record starting at `start` begins and ends (in
 * `into`, reused: a search asks once per hit), or null when the record is
 * not one of this layout.
 */
export function textRange(
  bytes: Uint8Array,
  start: number,
  into: TextRange = { from: 0, to: 0 },
): TextRange | null {
  let at = start;
  for (let i = 0; i < HEAD_FIELDS; i++) {
    const tab = bytes.indexOf(9, at);
    if (tab < 0) return null;
    at = tab + 1;
  }
  let length = 0;
  let digits = 0;
  for (; at < bytes.length && bytes[at] !== 9; at++, digits++) {
    const digit = bytes[at] - 48;
    if (digit < 0 || digit > 9) return null;
    length = length * 10 + digit;
  }
  if (digits === 0 || at + 1 + length >= bytes.length) return null;
  into.from = at + 1;
  into.to = at + 1 + length;
  return into;
}

/** The record at `start` (end mark included), or null if it is cut off. */
export async function readRecordAt(
  file: Deno.FsFile,
  start: number,
): Promise<Uint8Array | null> {
  await file.seek(start, Deno.SeekMode.Start);
  let bytes = new Uint8Array(16_384);
  let filled = 0;
  for (;;) {
    bytes = roomIn(bytes, filled);
    const n = await file.read(bytes.subarray(filled));
    if (n === null) return null;
    filled += n;
    // A record holds no NUL but its end mark's (whose newline may be yet
    // to come).
    const nul = bytes.subarray(0, filled).indexOf(0);
    if (nul >= 0 && nul + 1 < filled) {
      return bytes.subarray(0, nul + END.length);
    }
  }
}

/** The searchable form in a record of `id`, or null when it is not one. */
export function textOf(
  record: Uint8Array,
  id: string,
): { text: string; pieces: string } | null {
  if (asciiOf(record, 0, ID_LENGTH) !== id || record[ID_LENGTH] !== 9) {
    return null;
  }
  const text = textRange(record, 0);
  const endMark = record.length - END.length;
  if (!text || record[text.to] !== 9 || record[endMark] !== 0) return null;
  return {
    text: decoder.decode(record.subarray(text.from, text.to)),
    pieces: decoder.decode(record.subarray(text.to + 1, endMark)),
  };
}

/** An ASCII string of `bytes[start..end)` (ids), without a decoder call. */
export function asciiOf(bytes: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i]);
  return out;
}
