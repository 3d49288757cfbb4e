/**
 * What keeps other sites and other names from acting for the person: the
 * Host allowlist, the same-origin rule for writes, the request's real
 * origin behind a proxy, and the security headers on every response.
 *
 * @module
 */
import { type Context, csrf, type MiddlewareFn } from "fresh";
import { requestOrigin } from "./request_origin.ts";

export {
  allowedHosts,
  defaultAllowedHosts,
  hostAllowed,
  isLoopback,
} from "./allowed_hosts.ts";
export { isHttps, requestOrigin } from "./request_origin.ts";
export { limitHeaders, MAX_HEADER_BYTES } from "./header_limit.ts";
export {
  type ConnectionGuard,
  type ConnectionLimits,
  guardConnections,
  type GuardOptions,
  serveGuarded,
} from "./connection_guard.ts";
export {
  addSecurityHeaders,
  FALLBACK_PAGE_CSP,
  NON_PAGE_CSP,
  type ServeHandler,
  withHeadersOnEveryResponse,
  withSecurityHeaders,
} from "./headers.ts";

/**
 * Fresh's `csrf()` with the request's own origin as the only one allowed;
 * when `trustProxy(ctx)`, the origin the browser used before the proxy
 * (https) counts as its own too.
 */
export function sameOriginWrites<State>(
  trustProxy: (ctx: Context<State>) => boolean,
): MiddlewareFn<State> {
  return csrf<State>({
    origin: (origin, ctx) =>
      origin === ctx.url.origin ||
      (trustProxy(ctx) && origin === requestOrigin(ctx.req, true)),
  });
}
