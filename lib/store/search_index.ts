/**
 * A derived, rebuildable file of every conversation's message text,
 * lower-cased, so that content search needs neither every message in
 * memory nor ten thousand file reads, and so that the results can say
 * why they matched (a snippet in the words' own case, the message's id)
 * without reading a messages file: `search-index.txt` in the data
 * folder. Never the source of truth: each record carries the size and
 * modification time of the messages file it was made from, and start-up
 * re-reads any file whose stamp differs (a hand edit, a crash before the
 * index was written). Deleting it costs one slow start-up, nothing else.
 *
 * Layout: a header, then one record per conversation, each ending with a
 * NUL and a newline (NUL never occurs inside: it is replaced by a space):
 *
 * ```
 * <id>\t<size>\t<mtime>\t<last activity>\t<problems as JSON>\t<text bytes>\t<text>\t<pieces>\0\n
 * ```
 *
 * `<text>` and `<pieces>` are the conversation's `SearchText` (the text
 * lower-cased; per message its id and what gives its text back in its own
 * case). The text's length in bytes lets search tell a hit in the text
 * from one in the pieces, and skip a matching record's pieces, without
 * looking at them: they cost a search only their bytes read. A file with another header (an older layout, or not ours) is
 * read as empty: start-up reads every messages file again and rewrites it.
 *
 * Changes wait in memory (the overlay) and are written within a few
 * seconds, off every request's path; search reads the file and lets the
 * overlay win.
 *
 * @module
 */
import type { SearchMatch } from "../api/mod.ts";
import { BytePattern } from "./byte_search.ts";
import { type FileStamp, readIfExists } from "./files.ts";
import { matchIn, searchTextOf } from "./search_text.ts";
import { findMatch, type SearchableMessage } from "./snippets.ts";
import type { StoreProblem } from "./types.ts";

/** File name of the search index inside the data folder. */
export const SEARCH_INDEX_FILE = "search-index.txt";

const HEADER = "LiveAiChat search index 2: derived from conversations/, " +
  "rebuilt when missing; safe to delete\0\n";
const HEADER_BYTES = new TextEncoder().encode(HEADER);
const END = "\0\n";
const ID_LENGTH = 36;
/** Fields of the head: id, size, mtime, last activity, problems. */
const HEAD_FIELDS = 5;
const FLUSH_DELAY_MS = 2000;
/** Bytes of the file looked at to choose where the search jumps. */
const SAMPLE_BYTES = 65_536;
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

/** Why a search found a conversation (`SearchHits.explain`). */
export interface Explained {
  /** The first matching message and a snippet; null when none holds it. */
  match: SearchMatch | null;
  /** Stamp of the messages file the record was made from (file records). */
  from?: FileStamp | null;
}

/** A record without its text: what start-up compares with the disk. */
export type SearchHead = Omit<SearchRecord, "text" | "messages">;

interface Pending {
  version: number;
  /** The record now, or null when the conversation is gone. */
  read: () => SearchRecord | null;
}

/** The search index of one data folder. */
export class SearchIndex {
  #path: string;
  #alive: (id: string) => boolean;
  #report: (message: string) => void;
  #overlay = new Map<string, Pending>();
  #version = 0;
  #writing: Promise<void> = Promise.resolve();
  #timer: ReturnType<typeof setTimeout> | null = null;
  #closed = false;

  /**
   * `alive` says whether a conversation still exists (records of others
   * are dropped on the next write); `report` hears write failures.
   */
  constructor(
    dataDir: string,
    options: {
      alive: (id: string) => boolean;
      report: (message: string) => void;
    },
  ) {
    this.#path = `${dataDir}/${SEARCH_INDEX_FILE}`;
    this.#alive = options.alive;
    this.#report = options.report;
  }

  /** Heads of the records on disk (empty when the file is missing). */
  async heads(): Promise<Map<string, SearchHead>> {
    const heads = new Map<string, SearchHead>();
    const file = await openIfExists(this.#path);
    if (!file) return heads;
    try {
      for await (const { bytes } of wholeRecords(file)) {
        for (const at of records(bytes, 0)) {
          const head = parseHead(bytes, at);
          if (head) heads.set(head.id, head);
        }
      }
    } finally {
      file.close();
    }
    return heads;
  }

  /**
   * A conversation changed: `read` gives its record when the index is next
   * written or searched (so a burst of changes costs nothing until then).
   */
  changed(id: string, read: () => SearchRecord | null): void {
    this.#overlay.set(id, { version: ++this.#version, read });
    this.#schedule();
  }

  /** A conversation was deleted. */
  removed(id: string): void {
    this.changed(id, () => null);
  }

  /** Changes not written yet. */
  get pending(): number {
    return this.#overlay.size;
  }

  /**
   * The conversations whose text contains `q` (already lower-cased), and
   * where each was found, to explain the ones shown (`SearchHits`).
   */
  async search(q: string): Promise<SearchHits> {
    const needle = q.replaceAll("\0", " ");
    const places = new Map<string, number>();
    const file = needle === "" ? null : await openIfExists(this.#path);
    try {
      if (file) {
        let pattern: BytePattern | null = null;
        for await (const { bytes, offset } of wholeRecords(file)) {
          pattern ??= new BytePattern(encoder.encode(needle), {
            sample: bytes.subarray(0, SAMPLE_BYTES),
          });
          scan(bytes, { pattern, offset, places });
        }
      }
    } catch (error) {
      file?.close();
      throw error;
    }
    const fresh = new Map<string, SearchRecord>();
    for (const [id, pending] of this.#overlay) {
      places.delete(id);
      const record = pending.read();
      if (record && needle !== "" && record.text.includes(needle)) {
        fresh.set(id, record);
      }
    }
    return new SearchHits(file, { places, fresh });
  }

  #schedule(): void {
    if (this.#closed || this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.flush().catch((error) =>
        this.#report(`Could not write ${SEARCH_INDEX_FILE}: ${error}`)
      );
    }, FLUSH_DELAY_MS);
  }

  /** Write every change so far into the file (atomically, not synced). */
  flush(): Promise<void> {
    const write = () => this.#write();
    this.#writing = this.#writing.then(write, write);
    return this.#writing;
  }

  async #write(): Promise<void> {
    if (this.#overlay.size === 0) return;
    const taken = [...this.#overlay].map(([id, p]) => ({
      id,
      version: p.version,
      record: p.read(),
    }));
    const old = await readIfExists(this.#path);
    const parts: Uint8Array[] = [encoder.encode(HEADER)];
    // Records of another layout are dropped: start-up reads those again.
    if (old !== null && hasHeader(old)) {
      for (const at of records(old, HEADER_BYTES.length)) {
        if (old[at.start + ID_LENGTH] !== 9) continue;
        const id = decoder.decode(old.subarray(at.start, at.start + ID_LENGTH));
        if (this.#overlay.has(id) || !this.#alive(id)) continue;
        parts.push(old.subarray(at.start, at.end));
      }
    }
    for (const { record } of taken) {
      if (record) parts.push(encoder.encode(encodeRecord(record)));
    }
    const temp = `${this.#path}.tmp`;
    await Deno.writeFile(temp, concatAll(parts));
    await Deno.rename(temp, this.#path);
    for (const { id, version } of taken) {
      if (this.#overlay.get(id)?.version === version) this.#overlay.delete(id);
    }
  }

  /** Stop the timer and write what is pending. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.flush();
  }
}

function encodeRecord(r: SearchRecord): string {
  const problems = r.problems.length > 0 ? JSON.stringify(r.problems) : "";
  const { text, pieces } = searchTextOf(r.messages);
  const bytes = encoder.encode(text.replaceAll("\0", " ")).length;
  return `${r.id}\t${r.stamp?.size ?? ""}\t${r.stamp?.mtime ?? ""}\t${
    r.lastActivity ?? ""
  }\t${problems}\t${bytes}\t${text.replaceAll("\0", " ")}\t${pieces}${END}`;
}

/** Byte ranges of the records (each with its end mark) from `from`. */
function* records(
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

function hasHeader(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_BYTES.length) return false;
  for (let i = 0; i < HEADER_BYTES.length; i++) {
    if (bytes[i] !== HEADER_BYTES[i]) return false;
  }
  return true;
}

function parseHead(
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
interface TextRange {
  from: number;
  to: number;
}

/**
 * Where the text of the record starting at `start` begins and ends (in
 * `into`, reused: a search asks once per hit), or null when the record is
 * not one of this layout.
 */
function textRange(
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

/**
 * Add the ids of the whole records in `bytes` (which start at `offset` in
 * the file) that hold `pattern` in their text, with where they start.
 */
function scan(
  bytes: Uint8Array,
  options: {
    pattern: BytePattern;
    offset: number;
    places: Map<string, number>;
  },
): void {
  const { pattern, offset, places } = options;
  const range = { from: 0, to: 0 };
  let from = 0;
  while (from < bytes.length) {
    const hit = pattern.find(bytes, from);
    if (hit < 0) return;
    const nul = bytes.lastIndexOf(0, hit);
    const start = nul < 0 ? 0 : nul + END.length;
    const text = textRange(bytes, start, range);
    if (text === null) {
      // Not a record of this layout (a damaged file): skip it.
      const endMark = bytes.indexOf(0, hit);
      if (endMark < 0) return;
      from = endMark + END.length;
      continue;
    }
    if (hit < text.from) {
      // In the head: look again from where the text begins.
      from = text.from;
      continue;
    }
    if (hit + pattern.length <= text.to) {
      places.set(asciiOf(bytes, start, start + ID_LENGTH), offset + start);
    }
    // Found, or a hit in the pieces: on to the next record.
    const endMark = bytes.indexOf(0, Math.max(hit, text.to));
    if (endMark < 0) return;
    from = endMark + END.length;
  }
}

/**
 * What one search found: the ids, and where each one's record is (in the
 * file as it was when searched, kept open, or in memory), so that the few
 * shown can be explained without reading their messages files. Close it
 * when done.
 */
export class SearchHits {
  #file: Deno.FsFile | null;
  #places: Map<string, number>;
  #fresh: Map<string, SearchRecord>;

  /** Hits in `file` at `places`, and in records not written yet. */
  constructor(
    file: Deno.FsFile | null,
    found: { places: Map<string, number>; fresh: Map<string, SearchRecord> },
  ) {
    this.#file = file;
    this.#places = found.places;
    this.#fresh = found.fresh;
  }

  /** Whether the text of conversation `id` holds the words. */
  has(id: string): boolean {
    return this.#places.has(id) || this.#fresh.has(id);
  }

  /** How many conversations were found. */
  get size(): number {
    return this.#places.size + this.#fresh.size;
  }

  /**
   * The match of each of `ids` found by its text: the first message that
   * holds `q` and a snippet in its own case; null when no single message
   * holds it (the words span two). A match from the file comes with the
   * stamp of the messages file it was made from (`from`): if the file has
   * changed since (a hand edit), read its messages instead. Ids missing
   * from the answer could not be explained from the index (a damaged
   * record): read their messages.
   */
  async explain(
    ids: Iterable<string>,
    q: string,
  ): Promise<Map<string, Explained>> {
    const out = new Map<string, Explained>();
    const wanted: [string, number][] = [];
    for (const id of ids) {
      const record = this.#fresh.get(id);
      if (record) out.set(id, { match: findMatch(record.messages, q) ?? null });
      const place = this.#places.get(id);
      if (place !== undefined) wanted.push([id, place]);
    }
    if (!this.#file) return out;
    // In file order: the reads go one way through the file.
    wanted.sort((a, b) => a[1] - b[1]);
    for (const [id, place] of wanted) {
      const bytes = await readAt(this.#file, place);
      const head = bytes && parseHead(bytes, { start: 0, end: bytes.length });
      const form = head && textOf(bytes, id);
      const match = form ? matchIn(form, q) : undefined;
      if (match !== undefined) out.set(id, { match, from: head!.stamp });
    }
    return out;
  }

  /** Let go of the file. */
  close(): void {
    this.#file?.close();
    this.#file = null;
  }
}

/** The record at `start` (end mark included), or null if it is cut off. */
async function readAt(
  file: Deno.FsFile,
  start: number,
): Promise<Uint8Array | null> {
  await file.seek(start, Deno.SeekMode.Start);
  let bytes = new Uint8Array(16_384);
  let filled = 0;
  for (;;) {
    if (filled === bytes.length) {
      const grown = new Uint8Array(bytes.length * 4);
      grown.set(bytes);
      bytes = grown;
    }
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
function textOf(
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

async function openIfExists(path: string): Promise<Deno.FsFile | null> {
  try {
    return await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** How much of the file is read at a time when searching it. */
const READ_BYTES = 1 << 20;

/**
 * The file's records in pieces of about `READ_BYTES`, each piece holding
 * whole records only (header left out) with its offset in the file, so
 * that neither search nor start-up holds the whole file in memory. A torn
 * last record is left out; a file of another layout gives nothing.
 * One buffer serves the whole pass (no megabyte copies left for the
 * garbage collector): a piece is only valid until the next is asked for.
 */
async function* wholeRecords(
  file: Deno.FsFile,
): AsyncGenerator<{ bytes: Uint8Array; offset: number }> {
  let buffer = new Uint8Array(READ_BYTES);
  let filled = 0;
  /** Offset in the file of `buffer[0]`. */
  let base = 0;
  let headerDone = false;
  for (;;) {
    if (filled === buffer.length) {
      // One record longer than the buffer: make room for it.
      const grown = new Uint8Array(buffer.length * 2);
      grown.set(buffer);
      buffer = grown;
    }
    const n = await file.read(buffer.subarray(filled));
    if (n === null) return;
    filled += n;
    const data = buffer.subarray(0, filled);
    let start = 0;
    if (!headerDone) {
      if (filled < HEADER_BYTES.length) continue;
      if (!hasHeader(data)) return;
      start = HEADER_BYTES.length;
      headerDone = true;
    }
    // The last record end whose newline has arrived too.
    let end = data.lastIndexOf(0);
    if (end === filled - 1) end = data.lastIndexOf(0, end - 1);
    const next = end < start ? start : end + END.length;
    if (next > start) {
      yield { bytes: buffer.subarray(start, next), offset: base + start };
    }
    buffer.copyWithin(0, next, filled);
    filled -= next;
    base += next;
  }
}

/** An ASCII string of `bytes[start..end)` (ids), without a decoder call. */
function asciiOf(bytes: Uint8Array, start: number, end: number): string {
  let out = "";
  for (let i = start; i < end; i++) out += String.fromCharCode(bytes[i]);
  return out;
}

function concatAll(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
