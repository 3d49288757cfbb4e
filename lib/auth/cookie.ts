/**
 * The session cookie: what it is called, reading it from a request, and
 * the `Set-Cookie` that carries it (HttpOnly, SameSite=Lax, Secure when
 * the browser used https).
 *
 * @module
 */

/** Name of the session cookie. */
export const SESSION_COOKIE = "liveaichat_session";

/** The session token a request carries, if any. */
export function sessionTokenOf(req: Request): string | null {
  const cookie = req.headers.get("cookie") ?? "";
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === SESSION_COOKIE) return rest.join("=") || null;
  }
  return null;
}

/**
 * `Set-Cookie` for a session token, or (null) one that removes it. Script
 * cannot read it (HttpOnly); other sites' forms and fetches do not carry
 * it (SameSite=Lax); over https it never travels in the clear (Secure).
 */
export function sessionCookie(
  token: string | null,
  options: { secure: boolean; maxAgeSeconds: number },
): string {
  const parts = [
    `${SESSION_COOKIE}=${token ?? ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${token ? options.maxAgeSeconds : 0}`,
  ];
  if (options.secure) parts.push("Secure");
  return parts.join("; ");
}
