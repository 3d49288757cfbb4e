/**
 * `parse`: the real `@std/csv` entry point for whole strings, on csv-parse.
 * @module
 */
import { parse as csvParse } from "csv-parse/sync";
import { RecordReader, type Row } from "./_csv_reader.ts";
import { TextTracker } from "./_csv_text.ts";
import type { ParseOptions, ParseResult } from "./_csv_types.ts";

const BYTE_ORDER_MARK = "\ufeff";

/**
 * Parses CSV text into arrays of fields.
 *
 * @example
 * ```ts
 * import { parse } from "@std/csv";
 * parse("a,b\r\nc,d\n"); // [["a", "b"], ["c", "d"]]
 * ```
 */
export function parse(input: string): string[][];
/**
 * Parses CSV text; with `columns` or `skipFirstRow` each record becomes an
 * object keyed by the header, otherwise an array of fields.
 */
export function parse<const T extends ParseOptions>(
  input: string,
  options: T,
): ParseResult<ParseOptions, T>;
export function parse<const T extends ParseOptions>(
  input: string,
  options: T = { skipFirstRow: false } as T,
): ParseResult<ParseOptions, T> {
  const reader = new RecordReader(options, true);
  let text = input.startsWith(BYTE_ORDER_MARK) ? input.slice(1) : input;
  // The real reader drops a CR that ends the input without a LF.
  if (text.endsWith("\r")) text = text.slice(0, -1);
  const tracker = new TextTracker();
  tracker.append(text);
  const rows: Row[] = [];
  let previousEnd = 0;
  try {
    csvParse(
      text,
      reader.csvParseOptions((fields, endByte) => {
        const start = previousEnd;
        previousEnd = endByte;
        const row = reader.take(fields, () => reader.startLine(tracker, start));
        if (row !== undefined) rows.push(row);
        return null;
      }),
    );
  } catch (error) {
    throw reader.translate(error, tracker, previousEnd);
  }
  if (!reader.headerSeen) {
    throw new TypeError("Cannot parse input: headers must be defined");
  }
  return reader.keyed(rows) as ParseResult<ParseOptions, T>;
}
