/**
 * A browser stand-in for the `entities` package's `decodeHTMLStrict`, the
 * only function markdown-it takes from it. The package carries the whole
 * HTML5 entity table (about 16 KB gzipped); the browser already knows every
 * entity, so the island bundle aliases `entities` to this file
 * (see `MARKDOWN_BROWSER_ALIASES` in vendor.ts). markdown-it calls it with a
 * single `&name;`; the result matches the package's strict decoding.
 *
 * @module
 */

const NAMED_RE = /^&[a-z][a-z0-9]{1,31};$/i;
const cache = new Map<string, string>();
let area: HTMLTextAreaElement | undefined;

/** Decode one named character reference; unknown names come back as is. */
export function decodeHTMLStrict(entity: string): string {
  if (!NAMED_RE.test(entity)) return entity;
  let decoded = cache.get(entity);
  if (decoded === undefined) {
    // A textarea parses its content as RCDATA: references only, never tags.
    area ??= document.createElement("textarea");
    area.innerHTML = entity;
    decoded = area.value;
    // A legacy prefix such as "&not" in "&notit;" is not a strict match.
    if (decoded.endsWith(";") && entity !== "&semi;") decoded = entity;
    cache.set(entity, decoded);
  }
  return decoded;
}
