/**
 * Where the KaTeX stylesheet is served from. Shared by the server (which
 * copies the file there) and the browser enhancer (which links it once
 * math first appears).
 */
export const KATEX_CSS_PATH = "/vendor/katex/katex.min.css";
