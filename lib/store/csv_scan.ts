/**
 * Finds the rows of a CSV file in its text, before reading values, so the
 * store knows where each row starts (to report line numbers and to cut a
 * torn last row at an exact offset) and how many values each row has.
 *
 * Works on the decoded text and maps offsets back to bytes by counting
 * newlines: `\n` is one byte in UTF-8 and survives decoding unchanged (even
 * next to invalid bytes), so the k-th `\n` of the text is the k-th `\n`
 * byte of the file.
 *
 * @module
 */

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;

/** One row: offsets in the text, without its row end, and its value count. */
export interface RowSpan {
  start: number;
  /** End of the row's text (before `\r\n` or `\n`). */
  end: number;
  fields: number;
  /** The row has no text at all (a blank line). */
  blank: boolean;
}

/** The rows of a file and what is left after the last row end. */
export interface Scan {
  /** Rows that end with a row end. */
  rows: RowSpan[];
  /** Text after the last row end, as a row, or null when there is none. */
  tail: RowSpan | null;
  /** The tail ends inside a quoted value. */
  tailInQuotes: boolean;
  /** The tail contains a CRLF (so it is not a single torn write). */
  tailHasCrlf: boolean;
}

/** Split `text` (from offset `from`) into rows, following RFC 4180 quoting. */
export function scanRows(text: string, from = 0): Scan {
  const n = text.length;
  const rows: RowSpan[] = [];
  let i = from;
  let start = from;
  let fields = 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE && (i === start || text.charCodeAt(i - 1) === COMMA)) {
      // A quoted value: skip to its closing quote ("" is an escaped quote).
      let from = i + 1;
      let q: number;
      for (;;) {
        q = text.indexOf('"', from);
        if (q < 0 || text.charCodeAt(q + 1) !== QUOTE) break;
        from = q + 2;
      }
      if (q < 0) {
        return {
          rows,
          tail: { start, end: n, fields, blank: false },
          tailInQuotes: true,
          tailHasCrlf: text.indexOf("\r\n", start) >= 0,
        };
      }
      i = q + 1;
    } else if (c === COMMA) {
      fields++;
      i++;
    } else if (c === LF) {
      const end = i > start && text.charCodeAt(i - 1) === CR ? i - 1 : i;
      rows.push({ start, end, fields, blank: end === start });
      start = ++i;
      fields = 1;
    } else {
      // Plain characters up to the next separator, quote or newline.
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d === COMMA || d === LF || d === QUOTE) break;
        i++;
      }
    }
  }
  if (start >= n) {
    return { rows, tail: null, tailInQuotes: false, tailHasCrlf: false };
  }
  return {
    rows,
    tail: { start, end: n, fields, blank: false },
    tailInQuotes: false,
    tailHasCrlf: text.indexOf("\r\n", start) >= 0,
  };
}

/**
 * The byte offset in `bytes` of a text offset that starts a row (just after
 * a `\n`, or the very start): found by counting newlines, so it is exact
 * even when the file holds invalid UTF-8.
 */
export function byteOffsetOfRow(
  bytes: Uint8Array,
  text: string,
  offset: number,
): number {
  let newlines = 0;
  for (let at = text.indexOf("\n"); at >= 0 && at < offset;) {
    newlines++;
    at = text.indexOf("\n", at + 1);
  }
  if (newlines === 0) {
    return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  }
  let at = -1;
  for (let k = 0; k < newlines; k++) at = bytes.indexOf(LF, at + 1);
  return at + 1;
}

/**
 * The values of one row (the text between `start` and `end`), RFC 4180
 * quoting; null when the quoting is malformed (the caller then asks
 * `@std/csv` for the exact error). Quicker than a general parser because
 * the row's bounds are known, and the values are slices of `text`.
 */
export function splitFields(
  text: string,
  start: number,
  end: number,
): string[] | null {
  const fields: string[] = [];
  let i = start;
  for (;;) {
    if (i < end && text.charCodeAt(i) === QUOTE) {
      let from = i + 1;
      let escaped = false;
      let q: number;
      for (;;) {
        q = text.indexOf('"', from);
        if (q < 0 || q >= end) return null;
        if (q + 1 < end && text.charCodeAt(q + 1) === QUOTE) {
          escaped = true;
          from = q + 2;
          continue;
        }
        break;
      }
      const raw = text.slice(i + 1, q);
      fields.push(escaped ? raw.replaceAll('""', '"') : raw);
      i = q + 1;
      if (i === end) return fields;
      if (text.charCodeAt(i) !== COMMA) return null;
      i++;
    } else {
      let comma = text.indexOf(",", i);
      if (comma < 0 || comma > end) comma = end;
      const value = text.slice(i, comma);
      // A quote or a newline outside quotes: not a value of one row.
      if (value.includes('"') || value.includes("\n")) return null;
      fields.push(value);
      if (comma === end) return fields;
      i = comma + 1;
    }
  }
}

/**
 * The values of the row starting at `start`, read leniently because its
 * quoting is broken (a stray `"`): a quote that opens a value but is not
 * closed properly (the first quote after it, not doubled, is not followed
 * by a comma or a row end) is taken as a character. `next` is where the
 * row after it starts.
 */
export function splitLenient(
  text: string,
  start: number,
): { fields: string[]; next: number } {
  const n = text.length;
  const fields: string[] = [];
  let i = start;
  for (;;) {
    let value: string | null = null;
    if (i < n && text.charCodeAt(i) === QUOTE) {
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) break;
        const after = text.charCodeAt(q + 1);
        if (after === QUOTE) {
          from = q + 2;
          continue;
        }
        const ends = q + 1 === n || after === COMMA || after === LF ||
          (after === CR && text.charCodeAt(q + 2) === LF);
        if (ends) {
          value = text.slice(i + 1, q).replaceAll('""', '"');
          i = q + 1;
        }
        break;
      }
    }
    if (value === null) {
      let end = i;
      while (end < n) {
        const c = text.charCodeAt(end);
        if (c === COMMA || c === LF) break;
        end++;
      }
      value = text.slice(i, end);
      i = end;
    }
    if (i < n && text.charCodeAt(i) === COMMA) {
      fields.push(value);
      i++;
      continue;
    }
    // A row end (CRLF, LF) or the end of the text.
    if (value.endsWith("\r") && text.charCodeAt(i) === LF) {
      value = value.slice(0, -1);
    }
    fields.push(value);
    if (i < n && text.charCodeAt(i) === CR) i++;
    return { fields, next: i < n ? i + 1 : n };
  }
}
