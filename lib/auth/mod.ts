/**
 * Optional password protection (`AUTH_PASSWORD`): per-login random
 * sessions kept in the store, expiry, logout, a guess limiter, and the
 * middleware that puts everything behind the login.
 *
 * @module
 */
export { Auth, type AuthOptions, type LoginResult, openAuth } from "./auth.ts";
export { SESSION_COOKIE, sessionCookie, sessionTokenOf } from "./cookie.ts";
export {
  LoginLimiter,
  type LoginLimiterOptions,
  type LoginRefusal,
} from "./login_limiter.ts";
export { PasswordFingerprint } from "./password.ts";
export { requireLogin, type RequireLoginOptions } from "./require_login.ts";
export { Sessions, type SessionsOptions } from "./sessions.ts";
