/**
 * Finds the rows of a CSV file in its bytes, before parsing, so the store
 * knows where each row starts (to report line numbers and to cut a torn
 * last row at an exact byte offset) and how many fields each row has.
 * The values themselves are parsed by `@std/csv`.
 *
 * Works on bytes: `"`, `,`, `\r` and `\n` never occur inside a multi-byte
 * UTF-8 sequence, so byte offsets found here are exact.
 *
 * @module
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** One row: byte range without its row end, and its field count. */
export interface RowSpan {
  start: number;
  /** End of the row's text (before `\r\n` or `\n`). */
  end: number;
  /** Offset just past the row end (or `end` for an unterminated row). */
  next: number;
  fields: number;
  /** The row has no text at all (a blank line). */
  blank: boolean;
}

/** The rows of a file and what is left after the last row end. */
export interface Scan {
  /** 3 when the file starts with a UTF-8 byte order mark, else 0. */
  bom: number;
  /** Rows that end with a row end. */
  rows: RowSpan[];
  /** Bytes after the last row end, as a row, or null when there are none. */
  tail: RowSpan | null;
  /** The tail ends inside a quoted value. */
  tailInQuotes: boolean;
  /** The tail contains a CRLF (so it is not a single torn write). */
  tailHasCrlf: boolean;
}

/** Split `bytes` into rows, following RFC 4180 quoting. */
export function scanRows(bytes: Uint8Array): Scan {
  const n = bytes.length;
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const bom = i;
  const rows: RowSpan[] = [];
  let start = i;
  let fields = 1;
  let empty = true;
  let hasCrlf = false;
  while (i < n) {
    const b = bytes[i];
    if (b === QUOTE && (empty || bytes[i - 1] === COMMA)) {
      // A quoted value: skip to its closing quote ("" is an escaped quote).
      empty = false;
      let j = i + 1;
      for (;;) {
        const q = bytes.indexOf(QUOTE, j);
        if (q < 0) {
          if (!hasCrlf) hasCrlf = containsCrlf(bytes, i, n);
          return {
            bom,
            rows,
            tail: { start, end: n, next: n, fields, blank: false },
            tailInQuotes: true,
            tailHasCrlf: hasCrlf,
          };
        }
        if (q + 1 < n && bytes[q + 1] === QUOTE) {
          j = q + 2;
          continue;
        }
        if (!hasCrlf) hasCrlf = containsCrlf(bytes, i, q);
        i = q + 1;
        break;
      }
      continue;
    }
    if (b === COMMA) {
      fields++;
      empty = false;
    } else if (b === LF) {
      const end = i > start && bytes[i - 1] === CR ? i - 1 : i;
      rows.push({ start, end, next: i + 1, fields, blank: end === start });
      i++;
      start = i;
      fields = 1;
      empty = true;
      hasCrlf = false;
      continue;
    } else {
      empty = false;
    }
    i++;
  }
  const tail = start < n
    ? { start, end: n, next: n, fields, blank: false }
    : null;
  return { bom, rows, tail, tailInQuotes: false, tailHasCrlf: hasCrlf };
}

function containsCrlf(bytes: Uint8Array, from: number, to: number): boolean {
  let at = bytes.indexOf(LF, from);
  while (at >= 0 && at < to) {
    if (at > from && bytes[at - 1] === CR) return true;
    at = bytes.indexOf(LF, at + 1);
  }
  return false;
}

/** 1-based line number of a byte offset (counts every `\n` before it). */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  let at = bytes.indexOf(LF);
  while (at >= 0 && at < offset) {
    line++;
    at = bytes.indexOf(LF, at + 1);
  }
  return line;
}

/**
 * The values of one row's text (no row end), RFC 4180 quoting; null when
 * the quoting is malformed (the caller then asks `@std/csv` for the exact
 * error). Quicker than a general parser because row boundaries are known.
 */
export function splitFields(row: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  const n = row.length;
  for (;;) {
    if (row.charCodeAt(i) === QUOTE) {
      let from = i + 1;
      let escaped = false;
      let q: number;
      for (;;) {
        q = row.indexOf('"', from);
        if (q < 0) return null;
        if (row.charCodeAt(q + 1) !== QUOTE) break;
        escaped = true;
        from = q + 2;
      }
      const raw = row.slice(i + 1, q);
      const value = escaped ? raw.replaceAll('""', '"') : raw;
      i = q + 1;
      fields.push(value);
      if (i === n) return fields;
      if (row.charCodeAt(i) !== COMMA) return null;
      i++;
    } else {
      const comma = row.indexOf(",", i);
      const end = comma < 0 ? n : comma;
      const value = row.slice(i, end);
      if (value.includes('"')) return null;
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}
