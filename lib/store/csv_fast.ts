/**
 * The quick way through a CSV file the store wrote itself: every row ends
 * with CRLF (values hold no CR: the store normalizes it away), so the rows
 * are the pieces between CRLFs and most of them have no quote at all and
 * split on commas natively. Reading the 10,000-row index this way allocates
 * a fraction of what the general reader does (no row spans, no copies of
 * each row), which is what start-up time and memory are made of.
 *
 * Anything unusual (a missing row end, a blank line, a CR or a stray quote
 * in a value, a row of another width) answers null, and the caller reads
 * the file with `readTable`, which reports and recovers.
 *
 * @module
 */

import { splitFields } from "./csv_scan.ts";

/** The rows of a well-formed file; `at` is where each row starts in `text`. */
export interface CanonicalRows {
  header: string[];
  rows: { at: number; fields: string[] }[];
}

/** What `eachCanonicalRow` calls, row by row. */
export interface RowVisitor {
  /** The header row; false stops (the caller reads the file another way). */
  header(fields: string[]): boolean;
  /**
   * A row after the header (rows of empty values are left out); false
   * stops, as for a row that is not canonical.
   */
  row(fields: string[], at: number): boolean | void;
}

/**
 * Visit the rows of `text` one by one, keeping none of them, when it is
 * exactly what the store writes; false as soon as it is not (what was
 * visited must then be thrown away).
 */
export function eachCanonicalRow(text: string, visit: RowVisitor): boolean {
  if (!text.endsWith("\r\n") || text.charCodeAt(0) === 0xfeff) return false;
  let end = text.indexOf("\r\n");
  const header = splitRow(text.slice(0, end));
  if (header === null || !visit.header(header)) return false;
  const width = header.length;
  for (let at = end + 2; at < text.length; at = end + 2) {
    end = text.indexOf("\r\n", at);
    const fields = splitRow(text.slice(at, end));
    if (fields === null || fields.length !== width) return false;
    if (fields.every((f) => f === "")) continue;
    if (visit.row(fields, at) === false) return false;
  }
  return true;
}

/** `eachCanonicalRow` collected: header and rows, or null. */
export function readCanonical(text: string): CanonicalRows | null {
  let header: string[] = [];
  const rows: CanonicalRows["rows"] = [];
  const whole = eachCanonicalRow(text, {
    header(fields) {
      header = fields;
      return true;
    },
    row(fields, at) {
      rows.push({ at, fields });
    },
  });
  return whole ? { header, rows } : null;
}

/**
 * The values of one row (RFC 4180 quoting), or null when the row is not
 * one the store would write: empty, a CR anywhere, a LF outside quotes,
 * or a quote that does not open and close a whole value.
 */
function splitRow(line: string): string[] | null {
  if (line === "" || line.includes("\r")) return null;
  if (!line.includes('"')) return line.includes("\n") ? null : line.split(",");
  return splitFields(line, 0, line.length);
}
