/**
 * A strict checker for the renderer's HTML: every tag and attribute must be
 * one the renderer is meant to produce, and every URL must be harmless.
 * Deliberately simple; it fails on anything it does not understand.
 */
import { assert } from "@std/assert";

const TAGS = new Set([
  "a",
  "blockquote",
  "br",
  "button",
  "code",
  "div",
  "em",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "hr",
  "img",
  "input",
  "li",
  "ol",
  "p",
  "pre",
  "s",
  "span",
  "strong",
  "table",
  "tbody",
  "td",
  "th",
  "thead",
  "tr",
  "ul",
]);
const ATTRIBUTES = new Set([
  "alt",
  "aria-label",
  "checked",
  "class",
  "disabled",
  "href",
  "loading",
  "referrerpolicy",
  "rel",
  "src",
  "start",
  "style",
  "target",
  "title",
  "type",
]);
const TAG_RE = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>/g;
const ATTRIBUTE_RE = /\s+([a-zA-Z][a-zA-Z0-9-]*)(?:="([^"<>]*)")?/y;

/** Decode the few references an attribute value may hold. */
function decodeAttribute(value: string): string {
  return value
    .replace(
      /&#x([0-9a-f]+);?/gi,
      (_, hex) => String.fromCodePoint(parseInt(hex, 16)),
    )
    .replace(/&#([0-9]+);?/g, (_, dec) => String.fromCodePoint(Number(dec)))
    .replaceAll("&quot;", '"').replaceAll("&lt;", "<").replaceAll("&gt;", ">")
    .replaceAll("&colon;", ":").replaceAll("&amp;", "&");
}

/** Whether a URL from the output could run code or embed a document. */
export function isActiveUrl(url: string): boolean {
  // Browsers ignore ASCII whitespace and control characters in schemes.
  // deno-lint-ignore no-control-regex
  const compact = decodeAttribute(url).replace(/[\u0000-\u0020]/g, "");
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(compact)?.[1].toLowerCase();
  return scheme !== undefined &&
    !["http", "https", "mailto"].includes(scheme);
}

/** Assert that `html` holds only known tags, attributes and safe URLs. */
export function assertSafeHtml(html: string, source = ""): void {
  const context = `for ${JSON.stringify(source)}:\n${html}`;
  let text = "";
  let last = 0;
  for (const match of html.matchAll(TAG_RE)) {
    text += html.slice(last, match.index);
    last = match.index + match[0].length;
    const [, closing, name, rest] = match;
    assert(TAGS.has(name), `unexpected <${name}> ${context}`);
    if (closing) {
      assert(rest.trim() === "", `attributes on a closing tag ${context}`);
      continue;
    }
    checkAttributes(name, rest, context);
  }
  text += html.slice(last);
  assert(!/[<>]/.test(text), `raw angle bracket outside a tag ${context}`);
}

function checkAttributes(tag: string, rest: string, context: string): void {
  const attributes = new Map<string, string>();
  ATTRIBUTE_RE.lastIndex = 0;
  let end = 0;
  for (;;) {
    const attribute = ATTRIBUTE_RE.exec(rest);
    if (!attribute) break;
    end = ATTRIBUTE_RE.lastIndex;
    const [, name, value = ""] = attribute;
    const lower = name.toLowerCase();
    assert(!lower.startsWith("on"), `event handler ${name} ${context}`);
    assert(
      ATTRIBUTES.has(lower) || lower.startsWith("data-"),
      `unexpected attribute ${name} on <${tag}> ${context}`,
    );
    attributes.set(lower, value);
  }
  assert(
    rest.slice(end).trim() === "",
    `unparsed attributes "${rest}" ${context}`,
  );
  for (const name of ["href", "src"]) {
    const url = attributes.get(name);
    if (url !== undefined) {
      assert(!isActiveUrl(url), `active URL ${url} ${context}`);
    }
  }
  const style = attributes.get("style");
  if (style !== undefined) {
    assert(
      /^text-align:(left|right|center)$/.test(style),
      `style ${style} ${context}`,
    );
  }
  const className = attributes.get("class");
  if (className !== undefined) {
    assert(
      /^[a-z0-9+#\- ]*$/.test(className),
      `class "${className}" ${context}`,
    );
  }
  if (tag === "input") {
    assert(
      attributes.get("type") === "checkbox" && attributes.has("disabled"),
      context,
    );
  }
}
