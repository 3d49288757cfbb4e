/**
 * The reading rules shared by `parse` and `CsvParseStream`: option checks,
 * the csv-parse settings that reproduce the real reader, field-count and
 * header handling, and turning csv-parse failures into `ParseError`s.
 * @module
 */
import { CsvError, type Options as CsvParseOptions } from "csv-parse/sync";
import { ParseError, quoteErrorMessage } from "./_csv_errors.ts";
import {
  type LocateOptions,
  locateQuoteFault,
  skipToRecord,
} from "./_csv_locate.ts";
import { lineOf, type TextTracker } from "./_csv_text.ts";
import type { ParseOptions } from "./_csv_types.ts";

/** A parsed record: fields, or an object keyed by the header. */
export type Row = string[] | Record<string, string>;

const INVALID_DELIMITERS = ["\r", "\n", '"'];

function normalizeField(field: string): string {
  // The real reader rebuilds multi-line quoted fields with "\n" line ends.
  return field.includes("\r\n") ? field.replaceAll("\r\n", "\n") : field;
}

/** Per-run state of one reader: `parse` call or stream instance. */
export class RecordReader {
  readonly #options: ParseOptions;
  readonly #locate: LocateOptions;
  #expected: number | "any" | "first";
  #header: readonly string[] | undefined;
  #awaitingHeader: boolean;
  /** Line breaks inside the quoted fields of the records read so far. */
  #extraLines = 0;
  readonly #deferHeader: boolean;

  /**
   * Checks the options as the real module does and prepares the run. With
   * `deferHeader` (whole-string `parse`), records stay arrays until
   * {@linkcode keyed}: the real `parse` reads every record before it
   * compares them with the header.
   */
  constructor(options: ParseOptions = {}, deferHeader = false) {
    this.#deferHeader = deferHeader;
    const separator = options.separator ?? ",";
    const comment = options.comment;
    if (
      separator.length === 0 || INVALID_DELIMITERS.includes(separator) ||
      (typeof comment === "string" && INVALID_DELIMITERS.includes(comment)) ||
      separator === comment
    ) {
      throw new Error("Cannot parse input: invalid delimiter");
    }
    this.#options = options;
    this.#locate = {
      separator,
      comment: comment || undefined,
      trimLeadingSpace: options.trimLeadingSpace ?? false,
      lazyQuotes: options.lazyQuotes ?? false,
    };
    const per = options.fieldsPerRecord;
    this.#expected = per === undefined || per < 0
      ? "any"
      : per === 0
      ? "first"
      : per;
    this.#header = options.columns;
    this.#awaitingHeader = options.skipFirstRow ?? false;
  }

  /** True once `skipFirstRow` consumed a first record. */
  get headerSeen(): boolean {
    return !(this.#options.skipFirstRow ?? false) || !this.#awaitingHeader;
  }

  /**
   * csv-parse settings; `onRecord` gets each record and its end byte and
   * returns what csv-parse should emit (null for nothing).
   */
  csvParseOptions(
    onRecord: (fields: string[], endByte: number) => Row | null,
  ): CsvParseOptions {
    const { separator, comment, trimLeadingSpace, lazyQuotes } = this.#locate;
    return {
      delimiter: separator,
      record_delimiter: ["\r\n", "\n"],
      quote: '"',
      escape: '"',
      comment,
      comment_no_infix: true,
      ltrim: trimLeadingSpace,
      relax_quotes: lazyQuotes,
      relax_column_count: true,
      skip_empty_lines: true,
      bom: false,
      // csv-parse emits whatever on_record returns; its typings only allow
      // arrays, while header-keyed objects are emitted too.
      on_record: ((record: string[], context: { bytes: number }) =>
        onRecord(
          record.map(normalizeField),
          context.bytes,
        )) as unknown as CsvParseOptions["on_record"],
    };
  }

  /**
   * Applies field counts and headers to one record. Returns what the caller
   * should emit, or undefined for a header row. `startLine` is only called
   * on the error path.
   */
  take(fields: string[], startLine: () => number): Row | undefined {
    try {
      return this.#take(fields, startLine);
    } finally {
      for (const field of fields) {
        this.#extraLines += field.split("\n").length - 1;
      }
    }
  }

  #take(fields: string[], startLine: () => number): Row | undefined {
    const expected = this.#expected;
    if (expected === "first") this.#expected = fields.length;
    else if (typeof expected === "number" && fields.length !== expected) {
      const line = startLine();
      throw new ParseError(
        `Syntax error on line ${line}: expected ${expected} fields but got ${fields.length}`,
        { startLine: line, line, column: 1 },
      );
    }
    if (this.#awaitingHeader) {
      this.#awaitingHeader = false;
      this.#header ??= fields;
      return undefined;
    }
    const header = this.#header;
    if (header === undefined || this.#deferHeader) return fields;
    return keyedRow(fields, header, startLine());
  }

  /**
   * The records of a whole-string `parse` keyed by the header, as the real
   * `parse` does after reading them all: a record that does not match the
   * header is a plain `Error` numbered by its place among the records.
   */
  keyed(rows: Row[]): Row[] {
    const header = this.#header;
    if (header === undefined) return rows;
    const first = this.#options.skipFirstRow ? 2 : 1;
    return rows.map((row, i) => keyedRow(row as string[], header, first + i));
  }

  /**
   * The real reader's number for the line where the record after byte
   * `previousEnd` starts: it counts a record's continuation lines only
   * inside that record, so records after a multi-line quoted field get
   * numbers lower than their physical lines.
   */
  startLine(tracker: TextTracker, previousEnd: number): number {
    const { text, line } = tracker.from(previousEnd);
    const start = skipToRecord(text, 0, this.#locate.comment);
    return line + lineOf(text, start) + 1 - this.#extraLines;
  }

  /**
   * Turns a csv-parse failure into a `ParseError` placed like the real
   * reader would place it; other errors pass through unchanged.
   */
  translate(
    error: unknown,
    tracker: TextTracker,
    previousEnd: number,
  ): unknown {
    if (!(error instanceof CsvError)) return error;
    const { text } = tracker.from(previousEnd);
    const start = skipToRecord(text, 0, this.#locate.comment);
    const startLine = this.startLine(tracker, previousEnd);
    const fault = locateQuoteFault(text, start, this.#locate);
    if (fault === undefined) {
      const position = { startLine, line: startLine, column: 1 };
      return new ParseError(
        `Syntax error on line ${startLine}; parse error on line ${startLine}, column 1: ${error.message}`,
        position,
      );
    }
    const position = {
      startLine,
      line: startLine + fault.lineOffset,
      column: fault.column + 1,
    };
    return new ParseError(quoteErrorMessage(position, fault.bare), position);
  }
}

/** A record as an object keyed by the header; a plain `Error` on mismatch. */
function keyedRow(
  fields: string[],
  header: readonly string[],
  line: number,
): Record<string, string> {
  if (header.length !== fields.length) {
    throw new Error(
      `Syntax error on line ${line}: The record has ${fields.length} fields, but the header has ${header.length} fields`,
    );
  }
  const out: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) {
    Object.defineProperty(out, header[i], {
      value: fields[i],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}
