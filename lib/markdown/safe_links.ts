/**
 * Link policy for rendered markdown: which URLs may become links or images,
 * and which links open in a new tab.
 *
 * @module
 */
import type { MarkdownIt, RendererRule } from "markdown-it";

const ALLOWED_SCHEMES = new Set(["http", "https", "mailto"]);
const EXTERNAL_RE = /^(?:https?:)?\/\//i;
const EXTERNAL_REL = "noopener noreferrer nofollow";

/**
 * Whether a (normalized) URL may be used as a link or image target. Model
 * output is untrusted, so this is an allowlist: relative URLs and
 * `http(s):`/`mailto:` only; anything else (`javascript:`, `vbscript:`,
 * `data:`, `file:` …) makes markdown-it leave the source as plain text.
 */
export function isSafeUrl(url: string): boolean {
  const end = firstIndexOfAny(url, "/?#");
  const colon = url.indexOf(":");
  if (colon < 0 || colon > end) return true;
  return ALLOWED_SCHEMES.has(url.slice(0, colon).trim().toLowerCase());
}

/** Whether a link leaves the app, so it should open in a new tab. */
export function isExternalUrl(url: string): boolean {
  return EXTERNAL_RE.test(url);
}

/**
 * Install the link policy on a markdown-it instance: URL allowlist,
 * `target=_blank` with a strict `rel` on external links, and no referrer nor
 * eager loading for images.
 */
export function safeLinks(md: MarkdownIt): void {
  md.validateLink = isSafeUrl;
  // Only explicit http(s) and e-mail autolinks: "//host" and "ftp:" are noise.
  md.linkify.add("//", null).add("ftp:", null);

  const renderToken: RendererRule = (tokens, idx, options, _env, self) =>
    self.renderToken(tokens, idx, options);

  const linkOpen = md.renderer.rules.link_open ?? renderToken;
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    if (isExternalUrl(String(token.attrGet("href") ?? ""))) {
      token.attrSet("target", "_blank");
      token.attrSet("rel", EXTERNAL_REL);
    }
    return linkOpen(tokens, idx, options, env, self);
  };

  const image = md.renderer.rules.image ?? renderToken;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    token.attrSet("loading", "lazy");
    token.attrSet("referrerpolicy", "no-referrer");
    return image(tokens, idx, options, env, self);
  };
}

function firstIndexOfAny(text: string, chars: string): number {
  for (let i = 0; i < text.length; i++) {
    if (chars.includes(text[i])) return i;
  }
  return text.length;
}
