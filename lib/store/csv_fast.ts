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
import { roomIn } from "./read_buffer.ts";

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

/** Bytes read at a time by `eachCanonicalRowOfFile`. */
const PIECE = 64 * 1024;
/** A row's first bytes may be a byte order mark only in the first row. */
const firstRowDecoder = new TextDecoder();
const rowDecoder = new TextDecoder("utf-8", { ignoreBOM: true });
const CR = 0x0d;
const LF = 0x0a;

/**
 * `eachCanonicalRow` over an open file, read a piece at a time: neither
 * the file's bytes nor its text are ever held whole, and each row is a
 * string of its own (a value kept from it keeps that row alive, not the
 * whole file's text, and a row of plain ASCII takes one byte a character
 * even when another row has an emoji). `at` is where the row starts in
 * the file, in bytes. Answers as `eachCanonicalRow` does for the file's
 * text.
 */
export async function eachCanonicalRowOfFile(
  file: Deno.FsFile,
  visit: RowVisitor,
): Promise<boolean> {
  let buffer = new Uint8Array(PIECE);
  /** File offset of `buffer[0]`. */
  let offset = 0;
  /** Unvisited bytes are `buffer[start..end)`. */
  let start = 0;
  let end = 0;
  let width = -1;
  while (true) {
    if (end === buffer.length) {
      if (start > 0) {
        buffer.copyWithin(0, start, end);
        offset += start;
        end -= start;
        start = 0;
      } else {
        buffer = roomIn(buffer, end);
      }
    }
    const read = await file.read(buffer.subarray(end));
    if (read === null) break;
    end += read;
    const bytes = buffer.subarray(0, end);
    for (let cr = bytes.indexOf(CR, start); cr >= 0 && cr + 1 < end;) {
      // A CR that does not end a row is inside a value: not canonical.
      if (bytes[cr + 1] !== LF) return false;
      const piece = bytes.subarray(start, cr);
      if (width < 0) {
        const line = firstRowDecoder.decode(piece);
        if (line.charCodeAt(0) === 0xfeff) return false;
        const header = splitRow(line);
        if (header === null || !visit.header(header)) return false;
        width = header.length;
      } else {
        const fields = splitRow(rowDecoder.decode(piece));
        if (fields === null || fields.length !== width) return false;
        if (
          !fields.every((f) => f === "") &&
          visit.row(fields, offset + start) === false
        ) return false;
      }
      start = cr + 2;
      cr = bytes.indexOf(CR, start);
    }
  }
  // Every row, the last included, ended with CRLF.
  return width >= 0 && start === end;
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
