/**
 * Stand-in for `jsr:@std/csv` (1.x): the same exports, options, rows and
 * errors, built on npm csv-parse and csv-stringify. Switching to the real
 * module is a change of the "@std/csv" line in deno.json.
 *
 * Behaviour kept from the real module: a leading BOM is stripped; LF, CRLF
 * and a mix of both end records; a CRLF inside a quoted field reads as LF;
 * blank lines are skipped; a CR that ends the input is dropped; output rows
 * end with CRLF, the last one too; quote errors are `SyntaxError`s whose
 * message reads `Syntax error on line R; parse error on line L, column C: …`
 * with the real module's lines and columns (code points, 1-based).
 *
 * Verified by running tests/std against the real module (1.0.6): the same
 * suite passes on both. Messages and line numbers follow the real reader:
 * a record's continuation lines count only inside that record (so records
 * after a multi-line quoted field get numbers below their physical line),
 * and a record that does not match the header is a plain `Error`, raised
 * by `parse` only after every record was read (a quote error anywhere wins).
 * `stringify` quotes a field holding the separator, a LF or a quote, and
 * nothing else (a lone CR is written as it is).
 *
 * Known differences from the real module:
 * - `CsvParseStream` drops a leading BOM, as `parse` does (real: the
 *   stream keeps it in the first field), and rejects invalid delimiters in
 *   its constructor (real: only `parse` checks them).
 * - `fieldsPerRecord` is checked on the header row in `CsvParseStream` too
 *   (real: the stream skips it there), and `fieldsPerRecord: 0` takes its
 *   count from the first record, not from a blank first line.
 * - `lazyQuotes`: a quote inside a quoted field that is not followed by the
 *   separator or a line end keeps both quotes literally (`"ab"c` reads as
 *   `"ab"c`; real: `ab"c`), and an unclosed quoted field at the end of input
 *   is still an error (real: accepted). Such errors, and any other csv-parse
 *   failure the real reader would not raise, keep csv-parse's own wording
 *   after the `Syntax error on line R; parse error on line R, column 1:`
 *   prefix.
 * - `trimLeadingSpace`: a line of only whitespace is skipped like a blank
 *   line (real: one empty field), and a comment character after leading
 *   whitespace starts a comment (real: it is data).
 * - A quoted field directly followed by the comment character (`""#x`) is
 *   accepted (real: quote error).
 * - An empty separator is rejected with the invalid-delimiter error.
 * - `CsvParseStream` strips a BOM at the start of the stream (real: keeps
 *   it in the first field).
 * - `stringify` also quotes fields holding a lone CR, and fields ending with
 *   a prefix of a multi-character separator; the real module leaves both
 *   bare, which cannot always be read back. Fields with leading or trailing
 *   spaces are not quoted, as in the real module.
 * - As in the real module, a row of one empty field is written as an empty
 *   line, which reads back as no row at all.
 *
 * @module
 */
export type {
  CsvParseStreamOptions,
  ParseOptions,
  ParseResult,
  RecordWithColumn,
  RowType,
} from "./_csv_types.ts";
export { parse } from "./_csv_parse.ts";
export { CsvParseStream } from "./_csv_parse_stream.ts";
export { stringify } from "./_csv_stringify.ts";
export type {
  Column,
  ColumnDetails,
  DataItem,
  PropertyAccessor,
  StringifyOptions,
} from "./_csv_stringify.ts";
export { CsvStringifyStream } from "./_csv_stringify_stream.ts";
export type { CsvStringifyStreamOptions } from "./_csv_stringify_stream.ts";
