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
 * `target=_blank` with a strict `rel` on external links, images from other
 * servers shown only on request, and no referrer nor eager loading for the
 * rest.
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
    const src = String(token.attrGet("src") ?? "");
    if (isExternalUrl(src)) {
      // Loading it would tell its server that this reply was read (and
      // whatever the model put in the URL): a link first, an image on click.
      const alt = self.renderInlineAsText(token.children ?? [], options, env);
      const escape = md.utils.escapeHtml;
      if (insideLink(tokens, idx)) {
        return `${escape(alt.trim() || "Image")} (image from ${
          escape(hostOf(src))
        })`;
      }
      return remoteImageLink(src, alt, escape);
    }
    token.attrSet("loading", "lazy");
    token.attrSet("referrerpolicy", "no-referrer");
    return image(tokens, idx, options, env, self);
  };
}

/**
 * Markup of an image from another server that is not loaded yet: a link
 * to it (works without scripts); `enhance.ts` turns a click on it into the
 * image, fetched without a referrer.
 */
function remoteImageLink(
  src: string,
  alt: string,
  escape: (text: string) => string,
): string {
  const host = hostOf(src);
  const label = alt.trim() || "Image";
  return `<a class="remote-image" href="${escape(src)}" target="_blank" ` +
    `rel="${EXTERNAL_REL}" data-remote-image data-alt="${escape(alt)}" ` +
    `title="Show the image from ${escape(host)}">` +
    `${escape(label)} <span class="remote-image-host">(image from ${
      escape(host)
    })</span></a>`;
}

/** Whether the token at `idx` sits between a link's open and close. */
function insideLink(tokens: { type: string }[], idx: number): boolean {
  let depth = 0;
  for (let i = 0; i < idx; i++) {
    if (tokens[i].type === "link_open") depth++;
    else if (tokens[i].type === "link_close") depth--;
  }
  return depth > 0;
}

function hostOf(url: string): string {
  try {
    return new URL(url, "https://x.invalid").host;
  } catch {
    return "another site";
  }
}

function firstIndexOfAny(text: string, chars: string): number {
  for (let i = 0; i < text.length; i++) {
    if (chars.includes(text[i])) return i;
  }
  return text.length;
}
