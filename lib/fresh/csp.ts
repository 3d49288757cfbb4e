/**
 * `csp()`: a Content-Security-Policy for HTML responses. Inline scripts the
 * layer writes carry the response's nonce, so `script-src` needs no
 * `'unsafe-inline'`.
 *
 * @module
 */
import type { MiddlewareFn } from "./types.ts";

/** Options of `csp()`. */
export interface CSPOptions {
  /** Extra directives, e.g. `"img-src 'self' data:"`, replacing defaults of the same name. */
  csp?: string[];
  /** Send `Content-Security-Policy-Report-Only` instead. */
  reportOnly?: boolean;
}

const DEFAULTS = [
  "default-src 'self'",
  "script-src 'self' 'nonce-{nonce}'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
];

/** Add a CSP header with this response's nonce to every HTML page. */
export function csp<State>(options: CSPOptions = {}): MiddlewareFn<State> {
  const byName = new Map<string, string>();
  for (const d of [...DEFAULTS, ...(options.csp ?? [])]) {
    byName.set(d.split(" ")[0], d);
  }
  const template = [...byName.values()].join("; ");
  const header = options.reportOnly
    ? "content-security-policy-report-only"
    : "content-security-policy";
  return async (ctx) => {
    const response = await ctx.next();
    const type = response.headers.get("content-type") ?? "";
    if (type.startsWith("text/html")) {
      response.headers.set(header, template.replaceAll("{nonce}", ctx.nonce));
    }
    return response;
  };
}
