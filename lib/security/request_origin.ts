/**
 * Where a request was really addressed: its scheme and origin as the
 * browser saw them. Behind a TLS-terminating proxy the server itself sees
 * plain http, so with `TRUST_PROXY` the proxy's `X-Forwarded-Proto` counts.
 *
 * @module
 */

/** Whether the browser used https (directly, or through a trusted proxy). */
export function isHttps(req: Request, trustProxy: boolean): boolean {
  if (new URL(req.url).protocol === "https:") return true;
  if (!trustProxy) return false;
  const forwarded = req.headers.get("x-forwarded-proto") ?? "";
  return forwarded.split(",")[0].trim().toLowerCase() === "https";
}

/** The origin the browser addressed, e.g. `https://chat.example.com`. */
export function requestOrigin(req: Request, trustProxy: boolean): string {
  const url = new URL(req.url);
  const scheme = isHttps(req, trustProxy) ? "https:" : url.protocol;
  return `${scheme}//${url.host}`;
}
