/**
 * Optional password protection (`AUTH_PASSWORD`). A successful login sets
 * a cookie holding an HMAC of the password, so sessions need no storage and
 * all end when the password changes.
 *
 * @module
 */

/** Name of the session cookie. */
export const SESSION_COOKIE = "liveaichat_session";

const encoder = new TextEncoder();

async function hmac(secret: string, text: string): Promise<string> {
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const signature = await crypto.subtle.sign("HMAC", key, encoder.encode(text));
  return Array.from(new Uint8Array(signature))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Compare in time independent of where the strings differ. */
function sameText(a: string, b: string): boolean {
  const x = encoder.encode(a);
  const y = encoder.encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  }
  return diff === 0;
}

/** The cookie value a logged-in browser carries. */
export function sessionToken(password: string): Promise<string> {
  return hmac(password, "liveaichat-session-v1");
}

/** Whether a typed password is the configured one. */
export function passwordMatches(typed: string, password: string): boolean {
  return sameText(typed, password);
}

/** Whether the request carries a valid session cookie. */
export async function hasSession(
  req: Request,
  password: string,
): Promise<boolean> {
  const cookie = req.headers.get("cookie") ?? "";
  const value = cookie.split(";").map((p) => p.trim())
    .find((p) => p.startsWith(`${SESSION_COOKIE}=`))
    ?.slice(SESSION_COOKIE.length + 1);
  return value !== undefined &&
    sameText(value, await sessionToken(password));
}

/** `Set-Cookie` value for a session (or an expired one to log out). */
export function sessionCookie(token: string | null, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${token ?? ""}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Max-Age=${token ? 60 * 60 * 24 * 30 : 0}`,
  ];
  if (secure) parts.push("Secure");
  return parts.join("; ");
}
