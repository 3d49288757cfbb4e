/**
 * Make a half-streamed reply look like what it will become. markdown-it
 * already shows an unclosed code fence as a code block; this pass fixes the
 * rest of the tail in one linear scan:
 * - inside an open fence, a half-typed closing fence is hidden;
 * - a table header waiting for its delimiter row is held back, so raw pipes
 *   do not flash before the table appears;
 * - a trailing marker-only line (`-`, `=`, `*`, `` ` ``) is held back, so
 *   the line above does not flash as a setext heading;
 * - a link whose URL is still arriving shows just its text (an image, not
 *   at all);
 * - unclosed `**`, `~~` and inline code in the last block are closed
 *   virtually (or dropped when nothing follows them yet).
 *
 * Only the tail is ever rewritten; the final render must use the full text
 * without this pass.
 *
 * @module
 */

const BACKTICK = 0x60;
const TILDE = 0x7e;
const PIPE = 0x7c;

interface Scan {
  /** Start of the last line (the one not ended by a newline; may be empty). */
  last: number;
  /** Start of the line before it, or -1. */
  previous: number;
  /** Start of the line before that, or -1. */
  beforePrevious: number;
  /** Start of the trailing block: after the last blank line or fence. */
  block: number;
  /** Marker length of the code fence still open at the end; 0 when none. */
  openFence: number;
  /** Its marker character code. */
  fenceChar: number;
}

/** Rewrite the tail of a partial reply so that it renders sensibly. */
export function completeStreamingText(text: string): string {
  const scan = scanLines(text);
  if (scan.openFence) {
    return isMarkerLine(text, scan.last, scan.fenceChar)
      ? text.slice(0, scan.last)
      : text;
  }
  let end = holdBackTail(text, scan);
  let working = end === text.length ? text : text.slice(0, end);
  if (end > scan.last) working = completeLink(working, scan.last);
  end = working.length;
  return closeInline(working, Math.min(scan.block, end));
}

function scanLines(text: string): Scan {
  const scan: Scan = {
    last: 0,
    previous: -1,
    beforePrevious: -1,
    block: 0,
    openFence: 0,
    fenceChar: 0,
  };
  let pos = 0;
  for (;;) {
    const newline = text.indexOf("\n", pos);
    const end = newline < 0 ? text.length : newline;
    const next = newline < 0 ? text.length : newline + 1;
    const first = skipSpaces(text, pos, end);
    const ch = text.charCodeAt(first);
    if (scan.openFence) {
      if (ch === scan.fenceChar) {
        const run = runLength(text, first, ch);
        if (
          run >= scan.openFence && skipSpaces(text, first + run, end) === end
        ) {
          scan.openFence = 0;
          scan.block = next;
        }
      }
    } else if (first === end) {
      scan.block = next;
    } else if (isFenceStart(text, first, end)) {
      scan.openFence = runLength(text, first, ch);
      scan.fenceChar = ch;
    }
    if (newline < 0) {
      scan.last = pos;
      return scan;
    }
    scan.beforePrevious = scan.previous;
    scan.previous = pos;
    pos = next;
  }
}

/** End of the text to keep, holding back lines that would flash. */
function holdBackTail(text: string, scan: Scan): number {
  const { last, previous, beforePrevious } = scan;
  const lastIsRow = startsWithPipe(text, last);
  const previousIsRow = previous >= 0 && startsWithPipe(text, previous);
  const headerWaiting = previousIsRow &&
    (beforePrevious < 0 || !startsWithPipe(text, beforePrevious));
  if (headerWaiting && (last === text.length || isDelimiterRow(text, last))) {
    return previous;
  }
  if (lastIsRow && !previousIsRow) return last;
  if (isMarkerOnly(text, last)) return last;
  return text.length;
}

/** `[label](partial-url` → `label`; `![alt](partial` → nothing. */
function completeLink(text: string, lineStart: number): string {
  const paren = text.lastIndexOf("](");
  if (paren < lineStart) return text;
  for (let i = paren + 2; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 0x29 || ch === 0x20 || ch === 0x09) return text;
  }
  const bracket = text.lastIndexOf("[", paren);
  if (bracket < lineStart || text.indexOf("]", bracket) !== paren) return text;
  if (text.charCodeAt(bracket - 1) === 0x21) return text.slice(0, bracket - 1);
  return text.slice(0, bracket) + text.slice(bracket + 1, paren);
}

interface Open {
  marker: string;
  at: number;
}

/** Close `**`, `~~` and code spans left open in the trailing block. */
function closeInline(text: string, from: number): string {
  const open: Open[] = [];
  let code = 0;
  let codeAt = -1;
  for (let i = from; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === BACKTICK) {
      const run = runLength(text, i, ch);
      if (!code) {
        code = run;
        codeAt = i;
      } else if (run === code) {
        code = 0;
      }
      i += run - 1;
    } else if (code) {
      continue;
    } else if (ch === 0x5c) {
      i++;
    } else if (ch === 0x2a || ch === TILDE) {
      const run = runLength(text, i, ch);
      if (run === 2) {
        toggle(open, { marker: ch === TILDE ? "~~" : "**", at: i });
      }
      i += run - 1;
    }
  }
  if (code) open.push({ marker: "`".repeat(code), at: codeAt });
  if (!open.length) return text;

  let end = trimEndIndex(text, text.length);
  let suffix = "";
  for (let k = open.length - 1; k >= 0; k--) {
    const { marker, at } = open[k];
    if (trimEndIndex(text, end) <= at + marker.length) {
      end = trimEndIndex(text, at);
      suffix = "";
    } else {
      suffix += marker;
    }
  }
  return text.slice(0, trimEndIndex(text, end)) + suffix;
}

function toggle(open: Open[], item: Open): void {
  const top = open[open.length - 1];
  if (top && top.marker === item.marker) open.pop();
  else open.push(item);
}

function isFenceStart(text: string, pos: number, end: number): boolean {
  const first = skipSpaces(text, pos, end);
  const ch = text.charCodeAt(first);
  if (ch !== BACKTICK && ch !== TILDE) return false;
  const run = runLength(text, first, ch);
  if (run < 3) return false;
  return ch === TILDE || text.slice(first + run, end).indexOf("`") < 0;
}

/** A line of nothing but one marker character (a half-typed fence). */
function isMarkerLine(text: string, pos: number, ch: number): boolean {
  const first = skipSpaces(text, pos, text.length);
  if (first === text.length) return false;
  return skipSpaces(text, first + runLength(text, first, ch), text.length) ===
    text.length;
}

/** A last line of only `-`, `=`, `*`, `_`, `+`, `` ` `` or `~`. */
function isMarkerOnly(text: string, pos: number): boolean {
  const first = skipSpaces(text, pos, text.length);
  if (first === text.length) return false;
  for (let i = first; i < text.length; i++) {
    const ch = text[i];
    if (!"-=*_+`~ \t".includes(ch)) return false;
  }
  return true;
}

function isDelimiterRow(text: string, pos: number): boolean {
  for (let i = pos; i < text.length && text.charCodeAt(i) !== 0x0a; i++) {
    if (!"|-: \t".includes(text[i])) return false;
  }
  return true;
}

function startsWithPipe(text: string, pos: number): boolean {
  return text.charCodeAt(skipSpaces(text, pos, text.length)) === PIPE;
}

function skipSpaces(text: string, pos: number, end: number): number {
  while (pos < end) {
    const ch = text.charCodeAt(pos);
    if (ch !== 0x20 && ch !== 0x09) break;
    pos++;
  }
  return pos;
}

function runLength(text: string, pos: number, ch: number): number {
  let end = pos;
  while (text.charCodeAt(end) === ch) end++;
  return end - pos;
}

function trimEndIndex(text: string, end: number): number {
  while (end > 0) {
    const ch = text.charCodeAt(end - 1);
    if (ch !== 0x20 && ch !== 0x09 && ch !== 0x0a) break;
    end--;
  }
  return end;
}
