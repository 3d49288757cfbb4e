/**
 * What one search of the index found, and why (`SearchHits`).
 *
 * @module
 */
import type { SearchMatch } from "../api/mod.ts";
import type { FileStamp } from "./files.ts";
import {
  parseHead,
  readRecordAt,
  type SearchRecord,
  textOf,
} from "./search_record.ts";
import { matchIn } from "./search_text.ts";
import { findMatch } from "./snippets.ts";

/** Why a search found a conversation (`SearchHits.explain`). */
export interface Explained {
  /** The first matching message and a snippet; null when none holds it. */
  match: SearchMatch | null;
  /** Stamp of the messages file the record was made from (file records). */
  from?: FileStamp | null;
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
      const bytes = await readRecordAt(this.#file, place);
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
