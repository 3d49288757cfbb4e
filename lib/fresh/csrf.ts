/**
 * `csrf()`: refuse state-changing requests that another site made the
 * browser send (a form post, `fetch(…, { mode: "no-cors" })`, a beacon).
 * Browsers say where a request came from in `Sec-Fetch-Site` and `Origin`;
 * neither can be set by a page, so checking them needs no token. Same
 * names, options and decisions as Fresh 2's `csrf()` middleware.
 *
 * @module
 */
import type { Context } from "./context.ts";
import { HttpError } from "./http_error.ts";
import type { MiddlewareFn } from "./types.ts";

/** Options of {@linkcode csrf}. */
// deno-lint-ignore no-explicit-any
export interface CsrfOptions<State = any> {
  /**
   * The origins allowed to send state-changing requests: one origin, a
   * list, or a function deciding per request. Default: only the request's
   * own origin (`ctx.url.origin`).
   */
  origin?:
    | string
    | string[]
    | ((origin: string, context: Context<State>) => boolean);
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Let safe methods (GET, HEAD, OPTIONS) through; any other request passes
 * only when `Sec-Fetch-Site` says `same-origin` or `none` (typed by the
 * person), or its `Origin` is allowed. A request with neither header comes
 * from a program rather than a browser page and passes. Others: 403.
 */
export function csrf<State>(
  options: CsrfOptions<State> = {},
): MiddlewareFn<State> {
  const allowed = (origin: string | null, ctx: Context<State>): boolean => {
    if (origin === null) return false;
    const wanted = options.origin;
    if (!wanted) return origin === ctx.url.origin;
    if (typeof wanted === "string") return origin === wanted;
    if (typeof wanted === "function") return wanted(origin, ctx);
    return wanted.includes(origin);
  };
  return (ctx) => {
    if (SAFE_METHODS.has(ctx.req.method)) return ctx.next();
    const site = ctx.req.headers.get("sec-fetch-site");
    const origin = ctx.req.headers.get("origin");
    if (site !== null) {
      if (site === "same-origin" || site === "none" || allowed(origin, ctx)) {
        return ctx.next();
      }
      throw new HttpError(403);
    }
    if (origin === null || allowed(origin, ctx)) return ctx.next();
    throw new HttpError(403);
  };
}
