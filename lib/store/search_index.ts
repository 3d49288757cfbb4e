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
 * Layout: a header, then one record per conversation (`search_record.ts`:
 * its head, its text lower-cased, and per message its id and what gives
 * its text back in its own case). A file with another header (an older
 * layout, or not ours) is read as empty: start-up reads every messages
 * file again and rewrites it.
 *
 * Changes wait in memory (the overlay) and are written within a few
 * seconds, off every request's path; search reads the file and lets the
 * overlay win.
 *
 * @module
 */
import { BytePattern } from "./byte_search.ts";
import { openIfExists, readIfExists } from "./files.ts";
import { roomIn } from "./read_buffer.ts";
import { SearchHits } from "./search_hits.ts";
import {
  asciiOf,
  encodeRecord,
  END,
  hasHeader,
  HEADER,
  HEADER_BYTES,
  ID_LENGTH,
  parseHead,
  records,
  type SearchHead,
  type SearchRecord,
  textRange,
} from "./search_record.ts";

export { SearchHits } from "./search_hits.ts";
export type { SearchHead, SearchRecord } from "./search_record.ts";

/** File name of the search index inside the data folder. */
export const SEARCH_INDEX_FILE = "search-index.txt";

const FLUSH_DELAY_MS = 2000;
/** Bytes of the file looked at to choose where the search jumps. */
const SAMPLE_BYTES = 65_536;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
    // The changes not written yet, taken before the file is opened: a
    // write that ends meanwhile takes its changes out of the overlay only
    // after the file holding them is in place, so each change is either
    // here or in the file this search opens.
    const overlay = [...this.#overlay];
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
      const fresh = new Map<string, SearchRecord>();
      for (const [id, pending] of overlay) {
        places.delete(id);
        const record = pending.read();
        if (record && needle !== "" && record.text.includes(needle)) {
          fresh.set(id, record);
        }
      }
      return new SearchHits(file, { places, fresh });
    } catch (error) {
      file?.close();
      throw error;
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
      if (record) parts.push(...encodeRecord(record));
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
    // One record longer than the buffer: make room for it.
    buffer = roomIn(buffer, filled);
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
