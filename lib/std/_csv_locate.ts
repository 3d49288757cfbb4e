/**
 * Finds the std-style line and column of a quote error. csv-parse decides
 * whether input is valid; when it is not, this walks the failing record with
 * the rules of the real `@std/csv` reader to say where, so messages and
 * `ParseError` fields match what the real module reports.
 * @module
 */

/** Reader settings the locator needs. */
export interface LocateOptions {
  separator: string;
  comment?: string;
  trimLeadingSpace: boolean;
  lazyQuotes: boolean;
}

/** A quote error inside one record, relative to the record's first line. */
export interface QuoteFault {
  /** 0-based line offset from the record's first line. */
  lineOffset: number;
  /** 0-based column in code points. */
  column: number;
  /** True for a quote inside an unquoted field. */
  bare: boolean;
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** One line and where the next begins, as the real reader splits lines. */
function readLine(
  text: string,
  at: number,
): { line: string; next: number } | null {
  if (at >= text.length) return null;
  const lf = text.indexOf("\n", at);
  if (lf < 0) {
    const line = text.slice(at);
    return {
      line: line.endsWith("\r") ? line.slice(0, -1) : line,
      next: text.length,
    };
  }
  const end = lf > at && text[lf - 1] === "\r" ? lf - 1 : lf;
  return { line: text.slice(at, end), next: lf + 1 };
}

/**
 * Index in `text` where the next record starts at or after `at`: blank
 * lines and comment lines are skipped, as both readers skip them.
 */
export function skipToRecord(
  text: string,
  at: number,
  comment?: string,
): number {
  let i = at;
  while (i < text.length) {
    if (text[i] === "\n") i += 1;
    else if (text.startsWith("\r\n", i)) i += 2;
    else if (comment && text.startsWith(comment, i)) {
      const lf = text.indexOf("\n", i);
      i = lf < 0 ? text.length : lf + 1;
    } else break;
  }
  return i;
}

/**
 * Walks the record that starts at `at` and returns its first quote error,
 * or undefined when the real reader would accept it.
 */
export function locateQuoteFault(
  text: string,
  at: number,
  options: LocateOptions,
): QuoteFault | undefined {
  const { separator, trimLeadingSpace, lazyQuotes } = options;
  let read = readLine(text, at);
  if (read === null) return undefined;
  let full = read.line;
  let line = full;
  let next = read.next;
  let lineOffset = 0;
  fields: while (true) {
    if (trimLeadingSpace) line = line.trimStart();
    if (!line.startsWith('"')) {
      const sep = line.indexOf(separator);
      const field = sep >= 0 ? line.slice(0, sep) : line;
      const quote = field.indexOf('"');
      if (!lazyQuotes && quote >= 0) {
        const column = codePoints(
          full.slice(0, full.length - line.length + quote),
        );
        return { lineOffset, column, bare: true };
      }
      if (sep < 0) return undefined;
      line = line.slice(sep + separator.length);
      continue fields;
    }
    line = line.slice(1);
    while (true) {
      const quote = line.indexOf('"');
      if (quote >= 0) {
        line = line.slice(quote + 1);
        if (line.startsWith('"')) line = line.slice(1);
        else if (line.startsWith(separator)) {
          line = line.slice(separator.length);
          continue fields;
        } else if (line.length === 0) return undefined;
        else if (!lazyQuotes) {
          const column = codePoints(
            full.slice(0, full.length - line.length - 1),
          );
          return { lineOffset, column, bare: false };
        }
      } else if (line.length > 0 || next < text.length) {
        read = readLine(text, next);
        if (read === null) {
          return lazyQuotes
            ? undefined
            : { lineOffset, column: 0, bare: false };
        }
        lineOffset++;
        full = line = read.line;
        next = read.next;
      } else {
        return lazyQuotes
          ? undefined
          : { lineOffset, column: codePoints(full), bare: false };
      }
    }
  }
}
