/**
 * Reads a whole CSV file of the store into rows, sorting out what a crash
 * left (a torn last row, cut off and kept aside by the caller) from what a
 * person or a broken disk did (reported with its line, never dropped
 * silently), so the readable rows are always served.
 *
 * @module
 */
import { parse } from "@std/csv/parse";
import { type ColumnPositions, mapHeader } from "./columns.ts";
import { readCanonical } from "./csv_fast.ts";
import {
  byteOffsetOfRow,
  type RowSpan,
  scanRows,
  splitFields,
  splitLenient,
} from "./csv_scan.ts";

const decoder = new TextDecoder();

/** An unreadable part of a file. */
export interface RowProblem {
  /** 1-based line where the bad row starts. */
  line: number;
  message: string;
}

/** What `readTable` found. */
export interface Table {
  /** Column positions from the header, or null for an empty file. */
  columns: ColumnPositions | null;
  /** The header row as written in the file. */
  header: string[] | null;
  /** Readable rows, in file order; values hold no CR. */
  rows: { at: number; fields: string[] }[];
  /** 1-based line on which the row at text offset `at` starts. */
  lineOf(at: number): number;
  problems: RowProblem[];
  /**
   * A last row torn by a crash (only with `atStartup`): the file should be
   * cut back to `at` bytes (a byte offset), keeping the rest aside.
   */
  torn: { at: number; line: number; reason: string } | null;
  /** The last row lacks only its final `\n`: append one to complete it. */
  missingLf: boolean;
  /** The file does not end with a row end: write one before appending. */
  needsRowEnd: boolean;
  /** Appending would not produce a readable row (an unclosed quote). */
  appendBlocked: boolean;
}

/** Options of `readTable`. */
export interface ReadTableOptions {
  columns: readonly string[];
  required: readonly string[];
  /**
   * First read since start-up: an unfinished last row can only be a write
   * cut short by a crash, so it is reported as torn. Later reads come after
   * hand edits and report it as a problem instead.
   */
  atStartup: boolean;
}

function parseOne(source: string): string[] | string {
  try {
    const records = parse(source) as string[][];
    if (records.length !== 1) return "the row could not be read";
    return records[0];
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function allEmpty(fields: readonly string[]): boolean {
  return fields.every((f) => f === "");
}

/** Read the rows of a CSV file's bytes; see `Table`. */
export function readTable(
  bytes: Uint8Array,
  options: ReadTableOptions,
): Table {
  const text = decoder.decode(bytes);
  const lineOf = lineIndex(text);
  const table: Table = {
    columns: null,
    header: null,
    rows: [],
    lineOf,
    problems: [],
    torn: null,
    missingLf: false,
    needsRowEnd: false,
    appendBlocked: false,
  };
  const quick = readCanonical(text);
  if (quick) {
    const columns = mapHeader(quick.header, options.columns, options.required);
    if (columns.missing.length === 0) {
      return { ...table, columns, header: quick.header, rows: quick.rows };
    }
  }
  const scan = scanRows(text);
  const problem = (offset: number, message: string) =>
    table.problems.push({ line: lineOf(offset), message });
  const torn = (offset: number, reason: string) => {
    table.torn = {
      at: byteOffsetOfRow(bytes, text, offset),
      line: lineOf(offset),
      reason,
    };
  };

  const spans = scan.rows.filter((r) => !r.blank);
  let tail = scan.tail;
  if (tail && /^[ \t\r\0]*$/.test(text.slice(tail.start, tail.end))) {
    // Only spaces or NULs after the last row end.
    if (options.atStartup) torn(tail.start, "blank bytes after the last row");
    else table.needsRowEnd = true;
    tail = null;
  }

  let headerSpan = spans.shift() ?? null;
  if (headerSpan === null && tail !== null && !scan.tailInQuotes) {
    // A file holding only a header without a row end (made by hand).
    const endsWithCr = text.charCodeAt(tail.end - 1) === 0x0d;
    const only = { ...tail, end: endsWithCr ? tail.end - 1 : tail.end };
    const header = parseOne(text.slice(only.start, only.end));
    if (
      typeof header !== "string" &&
      mapHeader(header, options.columns, options.required).missing.length === 0
    ) {
      headerSpan = only;
      tail = null;
      table.missingLf = endsWithCr;
      table.needsRowEnd = !endsWithCr;
    }
  }
  if (headerSpan === null) {
    if (tail === null) return table;
    if (options.atStartup && !scan.tailHasCrlf) {
      torn(tail.start, "the header row is incomplete");
    } else {
      problem(tail.start, "the header row is incomplete");
      table.needsRowEnd = true;
      table.appendBlocked = true;
    }
    return table;
  }
  const header = parseOne(text.slice(headerSpan.start, headerSpan.end));
  if (typeof header === "string") {
    problem(headerSpan.start, `the header row cannot be read: ${header}`);
    table.appendBlocked = true;
    return table;
  }
  const columns = mapHeader(header, options.columns, options.required);
  if (columns.missing.length > 0) {
    problem(
      headerSpan.start,
      `the header row lacks the column(s) ${columns.missing.join(", ")}`,
    );
    table.appendBlocked = true;
    return table;
  }
  table.columns = columns;
  table.header = header;
  const width = header.length;

  // A stray quote makes one "row" swallow the rows after it: read the
  // broken line on its own and scan again from the next line.
  const lenient: Table["rows"] = [];
  const resynced = resync(text, spans, {
    tail,
    inQuotes: scan.tailInQuotes,
    hasCrlf: scan.tailHasCrlf,
  }, {
    width,
    atStartup: options.atStartup,
    onBroken(start, span) {
      const read = splitLenient(text, start);
      if (read.fields.length === width) {
        lenient.push({
          at: start,
          fields: read.fields.map((f) => f.replace(/\r\n?/g, "\n")),
        });
        problem(
          start,
          'a stray quote (") in this row was read as a character; ' +
            "check the row and fix it by hand",
        );
        return read.next;
      }
      if (span !== null && !text.slice(span.start, span.end).includes("\n")) {
        return null; // one line of the wrong width: reported with the others
      }
      problem(
        start,
        "this row could not be read: a quote in it opens a value that " +
          "does not close; fix the line by hand",
      );
      return text.indexOf("\n", start) + 1;
    },
  });
  spans.splice(0, spans.length, ...resynced.spans);
  tail = resynced.rest.tail;
  const tailInQuotes = resynced.rest.inQuotes;
  const tailHasCrlf = resynced.rest.hasCrlf;

  if (tail !== null) {
    const endsWithCr = !tailInQuotes &&
      text.charCodeAt(tail.end - 1) === 0x0d;
    if (tailHasCrlf) {
      problem(tail.start, "a quoted value starting here is never closed");
      table.needsRowEnd = true;
      table.appendBlocked = tailInQuotes;
    } else if (options.atStartup) {
      if (endsWithCr && tail.fields === width) {
        spans.push({ ...tail, end: tail.end - 1 });
        table.missingLf = true;
      } else {
        torn(
          tail.start,
          tailInQuotes
            ? "the last row ends inside a quoted value"
            : "the last row has no row end",
        );
      }
    } else {
      table.needsRowEnd = !endsWithCr;
      table.missingLf = endsWithCr;
      if (!tailInQuotes && tail.fields === width) {
        spans.push(endsWithCr ? { ...tail, end: tail.end - 1 } : tail);
      } else {
        problem(tail.start, "the last row is incomplete");
        table.appendBlocked = tailInQuotes;
      }
    }
  } else if (options.atStartup && spans.length > 0) {
    const last = spans[spans.length - 1];
    if (last.fields < width) {
      torn(last.start, `the last row has ${last.fields} of ${width} values`);
      spans.pop();
    }
  }

  const good: RowSpan[] = [];
  for (const span of spans) {
    if (span.fields === width) good.push(span);
    else {
      problem(
        span.start,
        `the row has ${span.fields} values where ${width} are expected`,
      );
    }
  }
  readRows(text, good, width, table, problem);
  if (lenient.length > 0) {
    table.rows.push(...lenient);
    table.rows.sort((a, b) => a.at - b.at);
  }
  table.problems.sort((a, b) => a.line - b.line);
  return table;
}

function readRows(
  text: string,
  good: RowSpan[],
  width: number,
  table: Table,
  problem: (offset: number, message: string) => void,
): void {
  for (const span of good) {
    // Splitting a slice of the row is much quicker than searching in place
    // in the whole file's text.
    const source = text.slice(span.start, span.end);
    let fields = splitFields(source, 0, source.length) ?? parseOne(source);
    if (typeof fields === "string") {
      problem(span.start, fields);
      continue;
    }
    if (fields.length !== width) {
      problem(
        span.start,
        `the row has ${fields.length} values where ${width} are expected`,
      );
      continue;
    }
    if (allEmpty(fields)) continue;
    if (source.includes("\r")) {
      // Spreadsheets may put CRLF inside quoted values.
      fields = fields.map((f) => f.replace(/\r\n?/g, "\n"));
    }
    table.rows.push({ at: span.start, fields });
  }
}

/** Line lookup for offsets of `text`; the newline table is built on first use. */
function lineIndex(text: string): (offset: number) => number {
  let newlines: number[] | null = null;
  return (offset) => {
    if (newlines === null) {
      newlines = [];
      for (let i = 0; i < text.length; i++) {
        if (text.charCodeAt(i) === 0x0a) newlines.push(i);
      }
    }
    // Number of newlines before `offset`, plus one.
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (newlines[mid] < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
}

/** What is left after the rows: the unfinished last row, if any. */
interface Rest {
  tail: RowSpan | null;
  inQuotes: boolean;
  hasCrlf: boolean;
}

/**
 * Rows with a stray quote: a quote that opens a value and closes in the
 * wrong place makes a row of the wrong width, or swallows the rows after it
 * (up to the next quote, or to the end of the file). `onBroken` is told
 * where such a row starts and answers where scanning goes on (null: keep
 * the row as it is), so every later row that can be read is.
 */
function resync(
  text: string,
  spans: RowSpan[],
  rest: Rest,
  options: {
    width: number;
    atStartup: boolean;
    onBroken: (start: number, span: RowSpan | null) => number | null;
  },
): { spans: RowSpan[]; rest: Rest } {
  const out: RowSpan[] = [];
  let queue = spans;
  for (;;) {
    let next: number | null = null;
    let i = 0;
    for (; i < queue.length && next === null; i++) {
      const span = queue[i];
      if (
        span.fields !== options.width &&
        text.slice(span.start, span.end).includes('"')
      ) {
        next = options.onBroken(span.start, span);
      }
      if (next === null) out.push(span);
    }
    if (
      next === null && rest.tail !== null && rest.inQuotes &&
      (rest.hasCrlf ||
        (!options.atStartup && text.indexOf("\n", rest.tail.start) >= 0))
    ) {
      next = options.onBroken(rest.tail.start, null);
    }
    if (next === null) return { spans: out, rest };
    const scan = scanRows(text, next);
    queue = scan.rows.filter((r) => !r.blank);
    rest = {
      tail: scan.tail,
      inQuotes: scan.tailInQuotes,
      hasCrlf: scan.tailHasCrlf,
    };
  }
}
