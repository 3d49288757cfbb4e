/**
 * The messages of one conversation: `conversations/<id>.csv`, append-only,
 * plus `<id>.partial.csv` holding checkpoints of a reply being generated,
 * so the main file gets one clean row per finished message while a crash
 * still loses at most the text since the last checkpoint.
 *
 * Not safe for concurrent use: the store calls it through a per-conversation
 * queue.
 *
 * @module
 */
import { lowerTextOf } from "./search_text.ts";
import { ConflictError } from "../errors.ts";
import {
  encodeRowBytes,
  MESSAGE_COLUMNS,
  messageFromRow,
  messageToRow,
  PARENT_ABOVE,
} from "./columns.ts";
import { readTable, type Table } from "./csv_read.ts";
import {
  appendDurable,
  cutTail,
  type FileStamp,
  fileTimestamp,
  readIfExists,
  removeIfExists,
  sameStamp,
  stampOf,
  syncDir,
  writeAtomic,
} from "./files.ts";
import type { Message, StoreProblem } from "./types.ts";

const REQUIRED = ["id", "role", "content"] as const;
/** Columns added after the first version: files without them are ours. */
const LATER_COLUMNS: readonly string[] = [
  "parent_id",
  "reasoning",
  "attachments",
];
const HEADER_BYTES = encodeRowBytes([], { header: MESSAGE_COLUMNS });
const encoder = new TextEncoder();

/** Where a message log reports what it finds on disk. */
export interface LogContext {
  /** The `conversations` folder. */
  dir: string;
  /** Data folder, to name files relative to it in reports. */
  dataDir: string;
  now: () => Date;
  /** Problems and recoveries, as sentences. */
  report: (problem: StoreProblem) => void;
}

/** One conversation's messages, in memory and on disk. */
export class MessageLog {
  /** Conversation id. */
  readonly id: string;
  #ctx: LogContext;
  #messages: Message[] = [];
  #position = new Map<string, number>();
  /** Ids of messages whose latest row is in the partial file. */
  #partial = new Set<string>();
  #stamp: FileStamp | null = null;
  #partialStamp: FileStamp | null = null;
  /**
   * The partial file was created without syncing the folder (it held only
   * an empty placeholder); the first write with text syncs it.
   */
  #partialDirPending = false;
  #problems: StoreProblem[] = [];
  #appendBlocked = false;
  #prefix = "";
  #hasHeader = false;
  /**
   * For each column of the file, the index in `MESSAGE_COLUMNS` of what it
   * holds (-1: a column of its own); null when the file has our layout.
   */
  #layout: number[] | null = null;
  /** Columns of ours that a hand-made file lacks. */
  #missing: string[] = [];
  #haystack: string | null = null;
  #textLength = 0;

  private constructor(id: string, ctx: LogContext) {
    this.id = id;
    this.#ctx = ctx;
  }

  /** Path of the messages file. */
  get path(): string {
    return `${this.#ctx.dir}/${this.id}.csv`;
  }

  /** Path of the partial (checkpoint) file. */
  get partialPath(): string {
    return `${this.#ctx.dir}/${this.id}.partial.csv`;
  }

  /**
   * Load from disk. With `atStartup`, a torn last row is cut off and kept
   * aside, and replies left `streaming` become `interrupted`.
   */
  static async open(
    id: string,
    ctx: LogContext,
    options: {
      atStartup: boolean;
      exists?: { main: boolean; partial: boolean };
    },
  ): Promise<MessageLog> {
    const log = new MessageLog(id, ctx);
    await log.#load(options.atStartup, options.exists);
    return log;
  }

  /** Messages in order; the array is a copy, the messages are shared. */
  get messages(): Message[] {
    return this.#messages.slice();
  }

  /** The first unreadable part of the file, or null when it is sound. */
  get damaged(): StoreProblem | null {
    return this.#problems[0] ?? null;
  }

  /** Every unreadable part found by the last load. */
  get problems(): StoreProblem[] {
    return this.#problems.slice();
  }

  /** Latest time a message was created or completed, or null. */
  get lastActivity(): string | null {
    let latest: string | null = null;
    for (const m of this.#messages) {
      const t = m.completedAt && m.completedAt > m.createdAt
        ? m.completedAt
        : m.createdAt;
      if (latest === null || t > latest) latest = t;
    }
    return latest;
  }

  /** All message text, lower-cased, for search. */
  get haystack(): string {
    this.#haystack ??= lowerTextOf(this.#messages);
    return this.#haystack;
  }

  /** Stamp of the messages file as last read or written by us. */
  get stamp(): FileStamp | null {
    return this.#stamp;
  }

  /** Whether a reply is being written (its rows are in the partial file). */
  get streaming(): boolean {
    return this.#partial.size > 0;
  }

  /** Characters of message text held (what keeping this log costs). */
  get textLength(): number {
    return this.#textLength;
  }

  /** One message, or undefined. */
  get(messageId: string): Message | undefined {
    const at = this.#position.get(messageId);
    return at === undefined ? undefined : this.#messages[at];
  }

  /** Reload when the file changed on disk since we last read or wrote it. */
  async refresh(): Promise<boolean> {
    const stamp = await stampOf(this.path);
    if (sameStamp(stamp, this.#stamp)) return false;
    await this.#load(false);
    return true;
  }

  async #load(
    atStartup: boolean,
    exists = { main: true, partial: true },
  ): Promise<void> {
    this.#messages = [];
    this.#textLength = 0;
    this.#position.clear();
    this.#partial.clear();
    this.#problems = [];
    this.#appendBlocked = false;
    this.#prefix = "";
    this.#hasHeader = false;
    this.#layout = null;
    this.#missing = [];
    this.#haystack = null;

    const main = exists.main
      ? await this.#readFile(this.path, atStartup)
      : { table: null, stamp: null };
    this.#stamp = main.stamp;
    this.#hasHeader = main.table?.columns != null;
    if (main.table?.columns && main.table.header) {
      this.#learnLayout(main.table.header, main.table.columns.positions);
    }
    if (main.table) {
      this.#appendBlocked = main.table.appendBlocked;
      this.#prefix = main.table.needsRowEnd
        ? "\r\n"
        : main.table.missingLf
        ? "\n"
        : "";
      this.#absorb(main.table, `conversations/${this.id}.csv`, false);
      if (atStartup && this.#prefix === "\n" && !this.#appendBlocked) {
        this.#stamp = await appendDurable(this.path, encoder.encode("\n"));
        this.#prefix = "";
      }
    }

    const partial = exists.partial
      ? await this.#readFile(this.partialPath, atStartup)
      : { table: null, stamp: null };
    this.#partialStamp = partial.stamp;
    if (partial.table) {
      this.#absorb(
        partial.table,
        `conversations/${this.id}.partial.csv`,
        true,
      );
    }
    this.#resolveParents();
    this.#problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    if (atStartup) await this.#recoverInterrupted();
  }

  /**
   * A row with an empty `parent_id` (a file older than the column, a row
   * added by hand) follows the message before it.
   */
  #resolveParents(): void {
    const list = this.#messages;
    for (let i = 0; i < list.length; i++) {
      if (list[i].parentId === PARENT_ABOVE) {
        list[i] = { ...list[i], parentId: i === 0 ? null : list[i - 1].id };
      }
    }
  }

  async #readFile(
    path: string,
    atStartup: boolean,
  ): Promise<{ table: Table | null; stamp: FileStamp | null }> {
    const bytes = await readIfExists(path);
    if (bytes === null) return { table: null, stamp: null };
    const table = readTable(bytes, {
      columns: MESSAGE_COLUMNS,
      required: REQUIRED,
      atStartup,
    });
    let stamp = await stampOf(path);
    if (table.torn) {
      const aside = `${path}.torn-${fileTimestamp(this.#ctx.now())}`;
      stamp = await cutTail(path, {
        keep: table.torn.at,
        tail: bytes.subarray(table.torn.at),
        asidePath: aside,
      });
      this.#ctx.report({
        kind: "recovered",
        conversationId: this.id,
        file: relative(aside, this.#ctx.dataDir),
        line: table.torn.line,
        message: `A row torn by a crash (${table.torn.reason}) was cut off ` +
          `and kept in ${relative(aside, this.#ctx.dataDir)}`,
      });
    }
    return { table, stamp };
  }

  #learnLayout(header: string[], positions: Map<string, number>): void {
    const layout = header.map(() => -1);
    MESSAGE_COLUMNS.forEach((column, k) => {
      const at = positions.get(column) ?? -1;
      if (at >= 0) layout[at] = k;
    });
    this.#missing = MESSAGE_COLUMNS.filter((c) => positions.get(c) === -1);
    const ours = layout.length === MESSAGE_COLUMNS.length &&
      layout.every((k, i) => k === i);
    this.#layout = ours ? null : layout;
  }

  /** A message as a row of this file's columns. */
  #row(message: Message): string[] {
    const row = messageToRow(message);
    return this.#layout ? this.#layout.map((k) => k < 0 ? "" : row[k]) : row;
  }

  #absorb(table: Table, file: string, partial: boolean): void {
    // Problems in line order, each told the message read before it.
    const pending = table.problems.slice();
    let i = 0;
    const problemsBefore = (line: number) => {
      for (; i < pending.length && pending[i].line < line; i++) {
        this.#problem(file, pending[i].line, pending[i].message);
      }
    };
    for (const row of table.columns ? table.rows : []) {
      const line = table.lineOf(row.at);
      problemsBefore(line);
      const message = messageFromRow(row.fields, table.columns!);
      if (typeof message === "string") {
        this.#problem(file, line, message);
        continue;
      }
      if (partial) {
        // A finished row in the main file wins over any checkpoint.
        const known = this.get(message.id);
        if (known && !this.#partial.has(message.id)) continue;
        this.#partial.add(message.id);
      }
      this.#put(message);
    }
    problemsBefore(Infinity);
  }

  #problem(file: string, line: number, message: string): void {
    const problem: StoreProblem = {
      kind: "damaged",
      conversationId: this.id,
      file,
      line,
      message: `Line ${line} of ${file}: ${message}`,
      afterMessageId: this.#messages.at(-1)?.id ?? null,
    };
    this.#problems.push(problem);
    this.#ctx.report(problem);
  }

  #put(message: Message): void {
    const at = this.#position.get(message.id);
    if (at === undefined) {
      this.#position.set(message.id, this.#messages.length);
      this.#messages.push(message);
    } else {
      this.#textLength -= this.#messages[at].content.length;
      this.#messages[at] = message;
    }
    this.#textLength += message.content.length;
    this.#haystack = null;
  }

  async #recoverInterrupted(): Promise<void> {
    const left = this.#messages.filter((m) => m.status === "streaming");
    if (left.length === 0 && this.#partialStamp === null) return;
    if (this.#appendBlocked) return;
    for (const message of left) {
      await this.#writeMain({ ...message, status: "interrupted" });
    }
    await this.#dropPartial();
  }

  #assertWritable(): void {
    if (this.#appendBlocked) {
      const line = this.damaged?.line;
      throw new ConflictError(
        `This conversation's file has an error${
          line ? ` at line ${line}` : ""
        } that must be fixed by hand before it can change`,
      );
    }
  }

  /** Add a message (streaming ones go to the partial file). */
  async append(message: Message): Promise<void> {
    this.#assertWritable();
    if (message.status === "streaming") await this.#writePartial(message);
    else await this.#writeMain(message);
  }

  /**
   * Replace a message by writing a newer row for it. A finished message
   * leaves the partial file, which is removed once it holds nothing live.
   */
  async replace(message: Message): Promise<void> {
    this.#assertWritable();
    if (message.status === "streaming") {
      await this.#writePartial(message);
      return;
    }
    const wasPartial = this.#partial.has(message.id);
    await this.#writeMain(message);
    if (wasPartial && this.#partial.size === 0) await this.#dropPartial();
  }

  async #writeMain(message: Message): Promise<void> {
    if (this.#hasHeader && this.#missing.length > 0) {
      await this.#upgrade(message);
      return;
    }
    const row = encodeRowBytes([this.#row(message)]);
    if (!this.#hasHeader) {
      // New (or emptied) file: header and row in one atomic write.
      let current = (await readIfExists(this.path)) ?? new Uint8Array();
      if (current[0] === 0xef && current[1] === 0xbb && current[2] === 0xbf) {
        current = current.subarray(3);
      }
      if (current.some((b) => b !== 0x20 && b !== 0x0a && b !== 0x0d)) {
        throw new ConflictError(
          "This conversation's file has no readable header row",
        );
      }
      this.#stamp = await writeAtomic(this.path, concat(HEADER_BYTES, row));
      this.#hasHeader = true;
    } else {
      const bytes = this.#prefix
        ? concat(encoder.encode(this.#prefix), row)
        : row;
      this.#stamp = await appendDurable(this.path, bytes);
      this.#prefix = "";
    }
    this.#partial.delete(message.id);
    this.#put(message);
  }

  /**
   * A hand-made file without some of our columns cannot hold every field:
   * before the first new row, rewrite it with all columns (atomically),
   * keeping the original beside it.
   */
  async #upgrade(message: Message): Promise<void> {
    if (this.damaged) {
      throw new ConflictError(
        `This conversation's file has an error at line ${this.damaged.line}` +
          " that must be fixed by hand before it can change",
      );
    }
    // A file of ours from before `parent_id` needs no copy: every row
    // reads, and the rewrite (atomic) only adds the column.
    const ours = this.#missing.every((c) => LATER_COLUMNS.includes(c));
    const aside = `${this.path}.orig-${fileTimestamp(this.#ctx.now())}`;
    if (!ours) await writeAtomic(aside, await Deno.readFile(this.path));
    const kept = this.#messages.filter((m) => !this.#partial.has(m.id))
      .map((m) => m.id === message.id ? message : m);
    if (!this.#position.has(message.id)) kept.push(message);
    const rows = kept.map(messageToRow);
    this.#stamp = await writeAtomic(
      this.path,
      encodeRowBytes(rows, { header: MESSAGE_COLUMNS }),
    );
    if (!ours) this.#reportUpgrade(aside);
    this.#layout = null;
    this.#missing = [];
    this.#prefix = "";
    this.#partial.delete(message.id);
    this.#put(message);
  }

  /** Tell that a hand-made file was rewritten with all columns. */
  #reportUpgrade(aside: string): void {
    this.#ctx.report({
      kind: "recovered",
      conversationId: this.id,
      file: relative(this.path, this.#ctx.dataDir),
      line: null,
      message: `${relative(this.path, this.#ctx.dataDir)} lacked the ` +
        `column(s) ${this.#missing.join(", ")}; it was rewritten with all ` +
        `columns and the original kept in ${
          relative(aside, this.#ctx.dataDir)
        }`,
    });
  }

  async #writePartial(message: Message): Promise<void> {
    const row = encodeRowBytes([messageToRow(message)]);
    const size = this.#partialStamp?.size ?? 0;
    if (this.#partialStamp === null || size > 65_536 + 3 * row.length) {
      // Start the file, or compact it to the latest row of each message.
      const live = [...this.#partial].filter((id) => id !== message.id)
        .map((id) => messageToRow(this.get(id)!));
      const rows = encodeRowBytes([...live, messageToRow(message)], {
        header: MESSAGE_COLUMNS,
      });
      // A file holding only an empty placeholder is worth no folder sync:
      // most replies end before their first checkpoint, and a crash that
      // loses it loses no text.
      // Nor a sync of its bytes: the first checkpoint's append syncs the
      // file's data and then the folder, before any text depends on it.
      const placeholder = live.length === 0 && message.content === "";
      // Only the partial file's size is ever looked at (to compact it).
      this.#partialStamp = await writeAtomic(this.partialPath, rows, {
        syncDir: !placeholder,
        sync: !placeholder,
        stat: false,
      });
      this.#partialDirPending = placeholder;
    } else {
      this.#partialStamp = await appendDurable(
        this.partialPath,
        row,
        this.#partialStamp.size,
      );
      if (this.#partialDirPending) {
        await syncDir(this.#ctx.dir);
        this.#partialDirPending = false;
      }
    }
    this.#partial.add(message.id);
    this.#put(message);
  }

  async #dropPartial(): Promise<void> {
    await removeIfExists(this.partialPath);
    this.#partialStamp = null;
    this.#partialDirPending = false;
    this.#partial.clear();
  }

  /**
   * Write the file with `keep` (one row each), atomically: a new
   * conversation's whole history at once (imports). Refused on a damaged
   * file, which is never rewritten with fewer rows.
   */
  async rewrite(keep: Message[]): Promise<void> {
    if (this.damaged) {
      throw new ConflictError(
        `This conversation's file has an error at line ${this.damaged.line}` +
          " that must be fixed by hand first",
      );
    }
    const finished = keep.filter((m) => !this.#partial.has(m.id));
    const bytes = encodeRowBytes(finished.map(messageToRow), {
      header: MESSAGE_COLUMNS,
    });
    this.#stamp = await writeAtomic(this.path, bytes);
    this.#hasHeader = true;
    this.#layout = null;
    this.#missing = [];
    this.#prefix = "";
    const streaming = keep.filter((m) => this.#partial.has(m.id));
    if (streaming.length === 0) {
      if (this.#partialStamp !== null) await this.#dropPartial();
    } else if (streaming.length < this.#partial.size) {
      this.#partialStamp = await writeAtomic(
        this.partialPath,
        encodeRowBytes(streaming.map(messageToRow), {
          header: MESSAGE_COLUMNS,
        }),
      );
      this.#partialDirPending = false;
      this.#partial = new Set(streaming.map((m) => m.id));
    }
    this.#messages = [];
    this.#textLength = 0;
    this.#position.clear();
    for (const m of keep) this.#put(m);
    this.#haystack = null;
  }

  /** Write the header of a new, empty conversation. */
  async create(): Promise<void> {
    this.#stamp = await writeAtomic(this.path, HEADER_BYTES);
    this.#hasHeader = true;
  }

  /** Start empty without touching the disk (the file is created by `create`). */
  static empty(id: string, ctx: LogContext): MessageLog {
    return new MessageLog(id, ctx);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function relative(path: string, dataDir: string): string {
  return path.startsWith(dataDir + "/") ? path.slice(dataDir.length + 1) : path;
}
