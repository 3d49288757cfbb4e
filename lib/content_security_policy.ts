/**
 * The app's Content-Security-Policy, on Fresh's `csp()`: scripts only from
 * this server or with the page's nonce; inline styles allowed (KaTeX sets
 * style attributes on the formulas it typesets); images from anywhere, as
 * markdown shows a remote image only once it is clicked.
 *
 * Fresh's `csp()` always adds `upgrade-insecure-requests`, which makes a
 * browser ask for every script and stylesheet over https: served over
 * plain http on a LAN (`HOSTNAME=0.0.0.0`), the page would load nothing.
 * So the app keeps that directive only for requests that came over https.
 *
 * @module
 */
import { csp, type MiddlewareFn } from "fresh";

const HEADER = "content-security-policy";

/** Our own choices over Fresh's defaults (same-named directives replace). */
const DIRECTIVES = [
  "img-src 'self' data: blob: http: https:",
  "font-src 'self' data:",
];

/** Style attributes must stay allowed; a nonce would forbid them. */
const STYLE_SRC = "style-src 'self' 'unsafe-inline'";

/** Adjust the header Fresh's `csp()` wrote for how the request came. */
export function adjustPolicy(policy: string, secure: boolean): string {
  return policy.split(";").map((d) => d.trim())
    .filter((d) => secure || d !== "upgrade-insecure-requests")
    .map((d) => d.split(" ")[0] === "style-src" ? STYLE_SRC : d)
    .join("; ");
}

/** The app's CSP middleware. */
export function contentSecurityPolicy<State>(): MiddlewareFn<State> {
  const policy = csp<State>({ useNonce: true, csp: DIRECTIVES });
  return async (ctx) => {
    const response = await policy(ctx);
    const value = response.headers.get(HEADER);
    if (value) {
      response.headers.set(
        HEADER,
        adjustPolicy(value, ctx.url.protocol === "https:"),
      );
    }
    return response;
  };
}
