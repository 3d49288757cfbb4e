/**
 * The conversations index, `conversations.csv`: one row per conversation
 * with its title and settings. Always replaced atomically; writes that
 * arrive while one is running are folded into the next, so a burst of
 * changes costs two writes, not one each.
 *
 * @module
 */
import {
  type ColumnPositions,
  CONVERSATION_COLUMNS,
  conversationFromRow,
  conversationToRow,
  encodeRows,
  type IndexEntry,
  mapHeader,
} from "./columns.ts";
import { eachCanonicalRowOfFile } from "./csv_fast.ts";
import { readTable } from "./csv_read.ts";
import {
  type FileStamp,
  fileTimestamp,
  openIfExists,
  readIfExists,
  sameStamp,
  stampOf,
  stampOfOpen,
  writeAtomic,
} from "./files.ts";
import type { StoreProblem } from "./types.ts";

/** File name of the index inside the data folder. */
export const INDEX_FILE = "conversations.csv";

const HEADER = encodeRows([], { header: CONVERSATION_COLUMNS });

/** How long a change that is not urgent (a newer `updatedAt`) may wait. */
const LAZY_FLUSH_MS = 1000;

/**
 * Read an index the store wrote, row by row straight into `into`, a piece
 * of the file at a time, holding no parsed rows (the start-up of 10,000
 * conversations allocates little more than the entries it keeps); false
 * when the file needs the careful reader (a hand edit, a damaged or
 * warned-about row), and null when there is no file. `stamp` is the file
 * that was read.
 */
async function quickLoad(
  path: string,
  into: Map<string, IndexEntry>,
): Promise<{ whole: boolean; stamp: FileStamp } | null> {
  const file = await openIfExists(path);
  if (!file) return null;
  try {
    const stamp = stampOfOpen(file);
    let columns: ColumnPositions | null = null;
    const whole = await eachCanonicalRowOfFile(file, {
      header(fields) {
        columns = mapHeader(fields, CONVERSATION_COLUMNS, ["id"]);
        return columns.missing.length === 0;
      },
      row(fields) {
        const read = conversationFromRow(fields, columns!);
        if (typeof read === "string" || read.warnings.length > 0) return false;
        into.set(read.entry.id, read.entry);
      },
    });
    return { whole, stamp };
  } finally {
    file.close();
  }
}

/** The index in memory, mirrored to its file. */
export class ConversationIndex {
  /** Entries by id; change them only through the methods below. */
  readonly entries: Map<string, IndexEntry> = new Map();
  #path: string;
  #dataDir: string;
  #now: () => Date;
  #report: (problem: StoreProblem) => void;
  #stamp: FileStamp | null = null;
  #problems: StoreProblem[] = [];
  #version = 0;
  #written = 0;
  #writing: Promise<void> | null = null;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #stat: Promise<FileStamp | null> | null = null;
  #generation = 0;
  #lines = new WeakMap<IndexEntry, string>();

  /** Use `ConversationIndex.open`. */
  private constructor(
    dataDir: string,
    options: { now: () => Date; report: (problem: StoreProblem) => void },
  ) {
    this.#dataDir = dataDir;
    this.#path = `${dataDir}/${INDEX_FILE}`;
    this.#now = options.now;
    this.#report = options.report;
  }

  /** Read the index (an absent file is an empty index). */
  static async open(
    dataDir: string,
    options: { now: () => Date; report: (problem: StoreProblem) => void },
  ): Promise<ConversationIndex> {
    const index = new ConversationIndex(dataDir, options);
    await index.#load(true);
    return index;
  }

  /** Rows of the index that could not be read at the last load. */
  get problems(): StoreProblem[] {
    return this.#problems.slice();
  }

  /** Bumped whenever entries change; lets callers cache derived lists. */
  get generation(): number {
    return this.#generation;
  }

  async #load(atStartup: boolean): Promise<void> {
    let loaded = new Map<string, IndexEntry>();
    const quick = await quickLoad(this.#path, loaded);
    let stamp = quick?.stamp ?? null;
    this.#problems = [];
    // Unusual files (rare) are read whole, by the careful reader.
    const careful = quick !== null && !quick.whole;
    if (careful) loaded = new Map();
    const bytes = careful ? await readIfExists(this.#path) : null;
    if (careful) stamp = await stampOf(this.#path);
    if (bytes !== null) {
      const table = readTable(bytes, {
        columns: CONVERSATION_COLUMNS,
        required: ["id"],
        atStartup: false,
      });
      for (const p of table.problems) this.#problem(p.line, p.message);
      if (table.columns) {
        for (const row of table.rows) {
          const read = conversationFromRow(row.fields, table.columns);
          if (typeof read === "string") {
            this.#problem(table.lineOf(row.at), read);
            continue;
          }
          for (const warning of read.warnings) {
            this.#problem(table.lineOf(row.at), warning);
          }
          loaded.set(read.entry.id, read.entry);
        }
      }
      if (this.#problems.length > 0) {
        // The next rewrite drops what could not be read: keep the original.
        const aside = `${this.#path}.damaged-${fileTimestamp(this.#now())}`;
        await Deno.writeFile(aside, bytes);
        this.#report({
          kind: "recovered",
          conversationId: null,
          file: INDEX_FILE,
          line: null,
          message: `${INDEX_FILE} had unreadable rows; the file as it was ` +
            `is kept in ${aside.slice(this.#dataDir.length + 1)}`,
        });
      }
    }
    if (!atStartup) {
      // Keep newer activity times we have not written yet.
      for (const [id, entry] of loaded) {
        const mine = this.entries.get(id);
        if (mine && mine.updatedAt > entry.updatedAt) {
          entry.updatedAt = mine.updatedAt;
        }
      }
    }
    this.entries.clear();
    for (const [id, entry] of loaded) this.entries.set(id, entry);
    this.#stamp = stamp;
    this.#generation++;
  }

  #problem(line: number, message: string): void {
    const problem: StoreProblem = {
      kind: "damaged",
      conversationId: null,
      file: INDEX_FILE,
      line,
      message: `Line ${line} of ${INDEX_FILE}: ${message}`,
    };
    this.#problems.push(problem);
    this.#report(problem);
  }

  /** Reload when the file was changed by hand; true when it was. */
  async refresh(): Promise<boolean> {
    if (this.#writing) return false;
    const known = this.#stamp;
    const stamp = await this.#statShared();
    // A write of ours that began meanwhile is not a hand edit: reloading
    // would cost a full parse and drop changes not yet written.
    if (this.#writing || this.#stamp !== known) return false;
    if (sameStamp(stamp, known)) return false;
    await this.#load(false);
    return true;
  }

  /**
   * Stat the file; callers that ask while a stat is on its way share it
   * (a thousand replies starting at once need one stat, not a thousand).
   */
  #statShared(): Promise<FileStamp | null> {
    this.#stat ??= stampOf(this.#path).finally(() => {
      this.#stat = null;
    });
    return this.#stat;
  }

  /** Add or replace an entry (in memory; `flush` writes it). */
  set(entry: IndexEntry): void {
    this.entries.set(entry.id, entry);
    this.#changed();
  }

  /** Remove an entry (in memory; `flush` writes it). */
  delete(id: string): void {
    if (this.entries.delete(id)) this.#changed();
  }

  /**
   * Move an entry's `updatedAt` forward (and show the branch of a new
   * message) and write it within a second: after a crash, the last message
   * is the one shown anyway.
   */
  touch(id: string, at: string, change: { leafId?: string } = {}): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const leafId = change.leafId ?? entry.leafId;
    if (entry.updatedAt >= at && leafId === entry.leafId) return;
    this.entries.set(id, {
      ...entry,
      updatedAt: entry.updatedAt >= at ? entry.updatedAt : at,
      leafId,
    });
    this.#changed();
    this.#timer ??= setTimeout(() => {
      this.#timer = null;
      this.flush().catch((error) =>
        this.#report({
          kind: "damaged",
          conversationId: null,
          file: INDEX_FILE,
          line: null,
          message: `Could not write ${INDEX_FILE}: ${error}`,
        })
      );
    }, LAZY_FLUSH_MS);
  }

  #changed(): void {
    this.#version++;
    this.#generation++;
  }

  /** Resolve once every change made so far is durably on disk. */
  async flush(): Promise<void> {
    const wanted = this.#version;
    while (this.#written < wanted) {
      this.#writing ??= this.#writeOnce().finally(() => {
        this.#writing = null;
      });
      await this.#writing;
    }
  }

  async #writeOnce(): Promise<void> {
    // A hand edit made since our last write is merged, not overwritten.
    if (!sameStamp(await stampOf(this.#path), this.#stamp)) {
      await this.#load(false);
    }
    const version = this.#version;
    // Rows in the order conversations were added; an unchanged entry
    // reuses its encoded line.
    let text = HEADER;
    for (const entry of this.entries.values()) {
      let line = this.#lines.get(entry);
      if (line === undefined) {
        line = encodeRows([conversationToRow(entry)]);
        this.#lines.set(entry, line);
      }
      text += line;
    }
    const bytes = new TextEncoder().encode(text);
    this.#stamp = await writeAtomic(this.#path, bytes);
    this.#written = version;
  }

  /** Write pending changes and stop the lazy timer. */
  async close(): Promise<void> {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    await this.flush();
  }
}
