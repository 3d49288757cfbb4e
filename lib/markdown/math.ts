/**
 * TeX math as placeholders: `$…$` and `\(…\)` inline, `$$…$$` and `\[…\]` as
 * blocks. The source is kept escaped in `data-tex` and as text, so a page
 * without KaTeX still reads; the browser enhancer typesets it lazily.
 * Unclosed delimiters stay plain text, which is what a half-streamed formula
 * should look like.
 *
 * @module
 */
import type { MarkdownIt, StateBlock, StateInline } from "markdown-it";

const DOLLAR = 0x24;
/** -1: no formula here; NOT_FOUND: no closer anywhere after this point. */
const NOT_FOUND = -2;

/**
 * Per paragraph, the earliest position from which a search for each closer
 * found nothing. Any later search would fail too, so text full of lone `$`
 * stays linear instead of rescanning the paragraph at every `$`.
 */
const exhausted = new WeakMap<StateInline, Map<string, number>>();
const BACKSLASH = 0x5c;

/** Install the math rules and their placeholder renderers. */
export function math(md: MarkdownIt): void {
  const escape = md.utils.escapeHtml;
  md.inline.ruler.before("escape", "math_inline", mathInline);
  md.block.ruler.before("fence", "math_block", mathBlock, {
    alt: ["paragraph", "reference", "blockquote", "list"],
  });
  md.renderer.rules.math_inline = (tokens, idx) => {
    const tex = escape(tokens[idx].content);
    const display = tokens[idx].meta?.display ? " data-display" : "";
    return `<span class="math-inline"${display} data-tex="${tex}">${tex}</span>`;
  };
  md.renderer.rules.math_block = (tokens, idx) => {
    const tex = escape(tokens[idx].content);
    return `<div class="math-block" data-tex="${tex}">${tex}</div>\n`;
  };
}

function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  let close: string;
  const ch = src.charCodeAt(start);
  const next = src.charCodeAt(start + 1);
  if (ch === DOLLAR) close = next === DOLLAR ? "$$" : "$";
  else if (ch === BACKSLASH && next === 0x28) close = "\\)";
  else if (ch === BACKSLASH && next === 0x5b) close = "\\]";
  else return false;
  const from = start + (close === "$" ? 1 : 2);
  let misses = exhausted.get(state);
  if (from >= (misses?.get(close) ?? Infinity)) return false;
  const end = findInlineClose(src, { from, max: state.posMax, close });
  if (end === NOT_FOUND) {
    if (!misses) exhausted.set(state, misses = new Map());
    misses.set(close, Math.min(from, misses.get(close) ?? Infinity));
  }
  if (end < 0) return false;
  if (!silent) {
    const token = state.push("math_inline", "span", 0);
    token.content = src.slice(from, end).trim();
    token.markup = close;
    token.meta = { display: close === "$$" || close === "\\]" };
  }
  state.pos = end + close.length;
  return true;
}

/**
 * Position of the closing delimiter; -1 when this cannot open a formula,
 * NOT_FOUND when no closer follows. A single `$` follows Pandoc's
 * rule so that prices ("$5 and $10") stay text: no space after the opener,
 * none before the closer, and no digit right after it.
 */
function findInlineClose(
  src: string,
  options: { from: number; max: number; close: string },
): number {
  const { from, max, close } = options;
  const single = close === "$";
  if (single && (from >= max || isSpace(src.charCodeAt(from)))) return -1;
  for (let i = from; i < max; i++) {
    if (src.startsWith(close, i)) {
      if (i === from) return -1;
      if (!single) return src.slice(from, i).trim() ? i : -1;
      const after = src.charCodeAt(i + 1);
      if (
        !isSpace(src.charCodeAt(i - 1)) && !(after >= 0x30 && after <= 0x39)
      ) {
        return i;
      }
    } else if (src.charCodeAt(i) === BACKSLASH) {
      i++;
    }
  }
  return NOT_FOUND;
}

function mathBlock(
  state: StateBlock,
  startLine: number,
  endLine: number,
  silent: boolean,
): boolean {
  if (state.sCount[startLine] - state.blkIndent >= 4) return false;
  const src = state.src;
  const begin = state.bMarks[startLine] + state.tShift[startLine];
  let close: string;
  if (src.startsWith("$$", begin)) close = "$$";
  else if (src.startsWith("\\[", begin)) close = "\\]";
  else return false;

  const first = src.slice(begin + 2, state.eMarks[startLine]).trimEnd();
  let tex: string;
  let last = startLine;
  if (first.length > close.length && first.endsWith(close)) {
    tex = first.slice(0, -close.length);
  } else if (first.includes(close)) {
    return false;
  } else {
    last = findClosingLine(state, { startLine, endLine, close });
    if (last < 0) return false;
    const closing = src.slice(
      state.bMarks[last] + state.tShift[last],
      state.eMarks[last],
    ).trimEnd();
    tex = first + "\n" +
      state.getLines(startLine + 1, last, state.blkIndent, true) +
      closing.slice(0, -close.length);
  }
  tex = tex.trim();
  if (!tex) return false;
  if (silent) return true;

  const token = state.push("math_block", "div", 0);
  token.content = tex;
  token.markup = close;
  token.block = true;
  token.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

/** The line that ends a display formula; a blank line or outdent gives up. */
function findClosingLine(
  state: StateBlock,
  options: { startLine: number; endLine: number; close: string },
): number {
  const { startLine, endLine, close } = options;
  for (let line = startLine + 1; line < endLine; line++) {
    if (state.isEmpty(line) || state.sCount[line] < state.blkIndent) return -1;
    const text = state.src.slice(
      state.bMarks[line] + state.tShift[line],
      state.eMarks[line],
    ).trimEnd();
    if (text.endsWith(close)) return line;
  }
  return -1;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || Number.isNaN(code);
}
