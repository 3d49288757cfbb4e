/**
 * A derived, rebuildable file of every conversation's message text,
 * lower-cased, so that content search needs neither every message in
 * memory nor ten thousand file reads: `search-index.txt` in the data
 * folder. Never the source of truth: each record carries the size and
 * modification time of the messages file it was made from, and start-up
 * re-reads any file whose stamp differs (a hand edit, a crash before the
 * index was written). Deleting it costs one slow start-up, nothing else.
 *
 * Layout: a header, then one record per conversation, each ending with a
 * NUL and a newline (NUL never occurs inside: it is replaced by a space):
 *
 * ```
 * <id>\t<size>\t<mtime>\t<last activity>\t<problems as JSON>\t<text>\0\n
 * ```
 *
 * Changes wait in memory (the overlay) and are written within a few
 * seconds, off every request's path; search reads the file and lets the
 * overlay win.
 *
 * @module
 */
import { BytePattern } from "./byte_search.ts";
import { type FileStamp, readIfExists } from "./files.ts";
import type { StoreProblem } from "./types.ts";

/** File name of the search index inside the data folder. */
export const SEARCH_INDEX_FILE = "search-index.txt";

const HEADER = "LiveAiChat search index 1: derived from conversations/, " +
  "rebuilt when missing; safe to delete\0\n";
const END = "\0\n";
const ID_LENGTH = 36;
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
  /** All message text, lower-cased. */
  text: string;
}

/** A record without its text: what start-up compares with the disk. */
export type SearchHead = Omit<SearchRecord, "text">;

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
    for await (const bytes of wholeRecords(this.#path)) {
      for (const at of records(bytes, 0)) {
        const head = parseHead(bytes, at);
        if (head) heads.set(head.id, head);
      }
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

  /** Ids of conversations whose text contains `q` (already lower-cased). */
  async matching(q: string): Promise<Set<string>> {
    const needle = q.replaceAll("\0", " ");
    const found = new Set<string>();
    if (needle !== "") {
      let pattern: BytePattern | null = null;
      for await (const bytes of wholeRecords(this.#path)) {
        pattern ??= new BytePattern(encoder.encode(needle), {
          sample: bytes.subarray(0, SAMPLE_BYTES),
        });
        this.#scan(bytes, pattern, found);
      }
    }
    for (const [id, pending] of this.#overlay) {
      found.delete(id);
      const record = pending.read();
      if (record && needle !== "" && record.text.includes(needle)) {
        found.add(id);
      }
    }
    return found;
  }

  /** Add the ids of the whole records in `bytes` that hold `pattern`. */
  #scan(bytes: Uint8Array, pattern: BytePattern, found: Set<string>): void {
    let from = 0;
    while (from < bytes.length) {
      const hit = pattern.find(bytes, from);
      if (hit < 0) return;
      const nul = bytes.lastIndexOf(0, hit);
      const start = nul < 0 ? 0 : nul + END.length;
      let textAt = start;
      for (let i = 0; i < HEAD_FIELDS && textAt >= 0; i++) {
        const tab = bytes.indexOf(9, textAt);
        textAt = tab < 0 ? -1 : tab + 1;
      }
      if (textAt < 0) return;
      if (hit < textAt) {
        // In the head fields: look again from where the text begins.
        from = textAt;
        continue;
      }
      found.add(asciiOf(bytes, start, start + ID_LENGTH));
      const end = bytes.indexOf(0, hit);
      from = end < 0 ? bytes.length : end + END.length;
    }
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
    if (old !== null) {
      for (const at of records(old)) {
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
  return `${r.id}\t${r.stamp?.size ?? ""}\t${r.stamp?.mtime ?? ""}\t${
    r.lastActivity ?? ""
  }\t${problems}\t${r.text.replaceAll("\0", " ")}${END}`;
}

/**
 * Byte ranges of the records (each with its end mark) from `from`; by
 * default after the header.
 */
function* records(
  bytes: Uint8Array,
  from = bytes.indexOf(0) + END.length,
): Generator<{ start: number; end: number }> {
  let start = from;
  if (start < 0 || (from > 0 && from < END.length)) return;
  while (start < bytes.length) {
    const nul = bytes.indexOf(0, start);
    if (nul < 0) return; // a torn last record: that file is read again
    const end = nul + END.length;
    yield { start, end };
    start = end;
  }
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

/** How much of the file is read at a time when searching it. */
const READ_BYTES = 1 << 20;

/**
 * The file's records in pieces of about `READ_BYTES`, each piece holding
 * whole records only (header left out), so that neither search nor
 * start-up holds the whole file in memory. A torn last record is left out.
 * One buffer serves the whole pass (no megabyte copies left for the
 * garbage collector): a piece is only valid until the next is asked for.
 */
async function* wholeRecords(path: string): AsyncGenerator<Uint8Array> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  try {
    let buffer = new Uint8Array(READ_BYTES);
    let filled = 0;
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
        const nul = data.indexOf(0);
        if (nul < 0 || nul + 1 >= filled) continue;
        start = nul + END.length;
        headerDone = true;
      }
      // The last record end whose newline has arrived too.
      let end = data.lastIndexOf(0);
      if (end === filled - 1) end = data.lastIndexOf(0, end - 1);
      const next = end < start ? start : end + END.length;
      if (next > start) yield buffer.subarray(start, next);
      buffer.copyWithin(0, next, filled);
      filled -= next;
    }
  } finally {
    file.close();
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
