/**
 * Safe markdown rendering shared by server components and islands. Pure
 * string in, string out: no DOM, no Preact, nothing server-only, so it
 * bundles small for the browser. The browser-side enhancer (highlighting,
 * KaTeX, copy buttons) lives in `enhance.ts`; copying KaTeX's CSS and fonts
 * for serving lives in `vendor.ts`. Both are imported by path on purpose.
 *
 * @module
 */
export { renderMarkdown } from "./render.ts";
export type { RenderMarkdownOptions } from "./render.ts";
export { KATEX_CSS_PATH } from "./constants.ts";
