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

  /** Checks the options as the real module does and prepares the run. */
  constructor(options: ParseOptions = {}) {
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
    if (header === undefined) return fields;
    if (header.length !== fields.length) {
      const line = startLine();
      throw new ParseError(
        `Syntax error on line ${line}: The record has ${fields.length} fields, but the header has ${header.length} fields`,
        { startLine: line, line, column: 1 },
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

  /** 1-based line on which the record after byte `previousEnd` starts. */
  startLine(tracker: TextTracker, previousEnd: number): number {
    const { text, line } = tracker.from(previousEnd);
    const start = skipToRecord(text, 0, this.#locate.comment);
    return line + lineOf(text, start) + 1;
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
    const { text, line } = tracker.from(previousEnd);
    const start = skipToRecord(text, 0, this.#locate.comment);
    const startLine = line + lineOf(text, start) + 1;
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
