/**
 * Password protection as one object the server holds: logging in (with
 * the guess limiter), checking a request's session, logging out.
 *
 * @module
 */
import type { SessionStore } from "../store/mod.ts";
import { isHttps } from "../security/mod.ts";
import { sessionCookie, sessionTokenOf } from "./cookie.ts";
import { LoginLimiter, type LoginLimiterOptions } from "./login_limiter.ts";
import { Sessions } from "./sessions.ts";

/** Options of {@linkcode openAuth}. */
export interface AuthOptions {
  store: SessionStore;
  password: string;
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after the login. */
  maxAgeMs: number;
  /** Believe `X-Forwarded-For`/`-Proto` of a reverse proxy. */
  trustProxy: boolean;
  /** Clock in ms; tests replace it. */
  now?: () => number;
  /** Guess limits (tests make them small). */
  limits?: Omit<LoginLimiterOptions, "now">;
}

/** What a login attempt came to. */
export type LoginResult =
  | { ok: true; setCookie: string }
  | { ok: false; status: 401 | 429; message: string; retryAfter?: number };

/** Logins for one password. */
export class Auth {
  #sessions: Sessions;
  #limiter: LoginLimiter;
  #trustProxy: boolean;

  constructor(options: AuthOptions) {
    this.#sessions = new Sessions(options);
    this.#limiter = new LoginLimiter({ ...options.limits, now: options.now });
    this.#trustProxy = options.trustProxy;
  }

  /** Drop expired sessions and those of another password. */
  prune(): Promise<void> {
    return this.#sessions.prune();
  }

  /**
   * The address guesses are counted for: the peer, or with a trusted
   * proxy the address it saw (the last `X-Forwarded-For` entry).
   */
  clientAddress(req: Request, info?: Deno.ServeHandlerInfo): string {
    if (this.#trustProxy) {
      const forwarded = req.headers.get("x-forwarded-for")?.split(",")
        .map((s) => s.trim()).filter(Boolean).at(-1);
      if (forwarded) return forwarded;
    }
    const addr = info?.remoteAddr as Deno.NetAddr | undefined;
    return addr?.hostname ?? "unknown";
  }

  /** Try a typed password; on success, the cookie of a new session. */
  async login(
    req: Request,
    info: Deno.ServeHandlerInfo | undefined,
    typed: string,
  ): Promise<LoginResult> {
    const address = this.clientAddress(req, info);
    const refusal = this.#limiter.check(address);
    if (refusal) {
      return {
        ok: false,
        status: 429,
        message: refusal.message,
        retryAfter: refusal.retryAfterSeconds,
      };
    }
    if (!this.#sessions.passwordMatches(typed)) {
      this.#limiter.fail(address);
      return { ok: false, status: 401, message: "That password is not right." };
    }
    this.#limiter.succeed(address);
    const token = await this.#sessions.create();
    return { ok: true, setCookie: this.#cookie(req, token) };
  }

  /** Whether the request carries a live session. */
  isLoggedIn(req: Request): Promise<boolean> {
    return this.#sessions.check(sessionTokenOf(req));
  }

  /** End the request's session; returns the `Set-Cookie` that clears it. */
  async logout(req: Request): Promise<string> {
    await this.#sessions.end(sessionTokenOf(req));
    return this.#cookie(req, null);
  }

  #cookie(req: Request, token: string | null): string {
    return sessionCookie(token, {
      secure: isHttps(req, this.#trustProxy),
      maxAgeSeconds: Math.floor(this.#sessions.maxAgeMs / 1000),
    });
  }
}

/** Make the logins of a password and drop sessions that no longer count. */
export async function openAuth(options: AuthOptions): Promise<Auth> {
  const auth = new Auth(options);
  await auth.prune();
  return auth;
}
