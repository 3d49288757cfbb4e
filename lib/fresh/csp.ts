/**
 * `csp()`: a Content-Security-Policy header, with Fresh 2.3's defaults and
 * rules: directives given in `csp` replace defaults of the same name, the
 * header goes on every response, `upgrade-insecure-requests` is always
 * part of it, and with `useNonce` the `'unsafe-inline'` of script and style
 * directives becomes the nonce of the page the layer rendered.
 *
 * @module
 */
import type { MiddlewareFn } from "./types.ts";

/** Options of `csp()`. */
export interface CSPOptions {
  /** Send `Content-Security-Policy-Report-Only` instead. */
  reportOnly?: boolean;
  /** Adds `Reporting-Endpoints`, `report-to` and `report-uri`. */
  reportTo?: string;
  /** Extra directives, replacing defaults of the same name. */
  csp?: string[];
  /** Replace `'unsafe-inline'` with the rendered page's nonce. */
  useNonce?: boolean;
}

/** @internal Where a rendered page's nonce travels on its response. */
export const NONCE_SYMBOL: unique symbol = Symbol.for("__freshNonce");

const DEFAULTS = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self'",
  "img-src 'self' data:",
  "media-src 'self' data: blob:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "upgrade-insecure-requests",
];

/** Directives whose `'unsafe-inline'` a nonce replaces. */
const INLINE = new Set([
  "default-src",
  "script-src",
  "script-src-elem",
  "style-src",
  "style-src-elem",
  "style-src-attr",
]);

const nameOf = (directive: string) => directive.split(" ")[0];

/** Add a Content-Security-Policy header to every response. */
export function csp<State>(options: CSPOptions = {}): MiddlewareFn<State> {
  const extra = options.csp ?? [];
  const replaced = new Set(extra.map(nameOf));
  const directives = [
    ...DEFAULTS.filter((d) => !replaced.has(nameOf(d))),
    ...extra,
  ];
  if (options.reportTo) {
    directives.push("report-to csp-endpoint", `report-uri ${options.reportTo}`);
  }
  const header = options.reportOnly
    ? "Content-Security-Policy-Report-Only"
    : "Content-Security-Policy";
  return async (ctx) => {
    const response = await ctx.next();
    const nonce = options.useNonce
      ? (response as { [NONCE_SYMBOL]?: string })[NONCE_SYMBOL]
      : undefined;
    const value = nonce
      ? directives.map((d) =>
        INLINE.has(nameOf(d))
          ? d.replaceAll("'unsafe-inline'", `'nonce-${nonce}'`)
          : d
      )
      : directives;
    response.headers.set(header, value.join("; "));
    if (options.reportTo) {
      response.headers.set(
        "Reporting-Endpoints",
        `csp-endpoint="${options.reportTo}"`,
      );
    }
    return response;
  };
}
