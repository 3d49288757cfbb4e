/**
 * Where the KaTeX stylesheet is served from. Shared by the server (which
 * copies the file there) and the browser enhancer (which links it once
 * math first appears).
 */
export const KATEX_CSS_PATH = "/vendor/katex/katex.min.css";

/**
 * Where the browser build of the markdown modules is served (built by
 * `bundleBrowserMarkdown()` before the app's own build). The islands load
 * them by URL, so they are bundled with {@linkcode MARKDOWN_BROWSER_ALIASES}
 * by our own step instead of by the framework's bundler.
 */
export const MARKDOWN_LIVE_PATH = "/vendor/markdown/live.js";
/** The browser build of `enhance.ts` (highlighting, math, copy buttons). */
export const MARKDOWN_ENHANCE_PATH = "/vendor/markdown/enhance.js";
