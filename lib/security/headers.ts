/**
 * Security headers on every response, error pages included. Fresh renders
 * the root error page outside the app's middleware (so a `csp()`
 * middleware never sees a 404 or a 500); wrapping the whole handler is the
 * one place every response passes. Nothing here forces https: a server on
 * a LAN address over plain http must keep working, so there is no
 * `upgrade-insecure-requests` and no HSTS.
 *
 * @module
 */

/** A `Deno.serve` handler. */
export type ServeHandler = (
  req: Request,
  info: Deno.ServeHandlerInfo,
) => Response | Promise<Response>;

/** CSP of an HTML page that came without one (error pages): no scripts inline. */
export const FALLBACK_PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join("; ");

/** CSP of everything that is not a page (JSON, CSS, scripts, files). */
export const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

const FIXED: [string, string][] = [
  ["x-content-type-options", "nosniff"],
  ["referrer-policy", "no-referrer"],
  ["x-frame-options", "DENY"],
];

/** Add the headers to a response (a copy when its headers are frozen). */
export function addSecurityHeaders(response: Response): Response {
  let out = response;
  try {
    apply(out.headers);
  } catch {
    out = new Response(response.body, response);
    apply(out.headers);
  }
  return out;
}

function apply(headers: Headers): void {
  for (const [name, value] of FIXED) {
    if (!headers.has(name)) headers.set(name, value);
  }
  if (
    !headers.has("content-security-policy") &&
    !headers.has("content-security-policy-report-only")
  ) {
    const html = (headers.get("content-type") ?? "").startsWith("text/html");
    headers.set(
      "content-security-policy",
      html ? FALLBACK_PAGE_CSP : NON_PAGE_CSP,
    );
  }
}

/**
 * Make `app.handler()` add the headers, so every way the app is served
 * (`deno task start`, `_fresh/server.js` on Deno Deploy, tests) has them.
 */
export function withHeadersOnEveryResponse<
  T extends { handler(): ServeHandler },
>(app: T): T {
  const plain = app.handler.bind(app);
  app.handler = () => withSecurityHeaders(plain());
  return app;
}

/** A handler that answers as `handler` does, with the headers added. */
export function withSecurityHeaders(handler: ServeHandler): ServeHandler {
  return async (req, info) => addSecurityHeaders(await handler(req, info));
}
