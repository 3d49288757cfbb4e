/**
 * Code blocks rendered as a small card: a language label, a copy button the
 * browser enhancer wires up, and the escaped code. Highlighting happens
 * later, in the browser, only when a block is on screen.
 *
 * @module
 */
import type { MarkdownIt, RendererRule } from "markdown-it";

const MAX_LANGUAGE_LENGTH = 32;
const LANGUAGE_CHAR_RE = /[a-z0-9+#-]/;

/**
 * The language of a fence info string: its first run of `[a-z0-9+#-]`
 * (lowercased), so that it is safe inside a class name and an attribute
 * whatever the model wrote (`{.python}` → `python`); `""` when there is none.
 */
export function codeLanguage(info: string): string {
  let language = "";
  for (let i = 0; i < info.length; i++) {
    const ch = info[i].toLowerCase();
    if (LANGUAGE_CHAR_RE.test(ch)) language += ch;
    else if (language) break;
    if (language.length >= MAX_LANGUAGE_LENGTH) break;
  }
  return language;
}

/** Render one code block; `code` is raw text, escaped here. */
export function renderCodeBlock(
  code: string,
  options: { language: string; escape: (text: string) => string },
): string {
  const { language, escape } = options;
  const label = language || "text";
  const codeClass = language ? ` class="language-${language}"` : "";
  return `<div class="code-block" data-lang="${label}">` +
    `<div class="code-block-header"><span class="code-block-lang">${label}</span>` +
    `<button type="button" class="code-block-copy" data-copy aria-label="Copy code">Copy</button></div>` +
    `<pre><code${codeClass}>${escape(code)}</code></pre></div>\n`;
}

/** Replace markdown-it's fence and indented-code rules with the card. */
export function codeBlocks(md: MarkdownIt): void {
  const escape = md.utils.escapeHtml;
  const fence: RendererRule = (tokens, idx) =>
    renderCodeBlock(tokens[idx].content, {
      language: codeLanguage(tokens[idx].info),
      escape,
    });
  md.renderer.rules.fence = fence;
  md.renderer.rules.code_block = (tokens, idx) =>
    renderCodeBlock(tokens[idx].content, { language: "", escape });
}
