/**
 * Logins: a random token per login, kept in the store (as its hash) so it
 * works on every instance; idle and absolute expiry; logout; and every
 * session of another password void.
 *
 * @module
 */
import type { SessionStore } from "../store/mod.ts";
import { hex, PasswordFingerprint, sameText } from "./password.ts";

/** Options of {@linkcode Sessions}. */
export interface SessionsOptions {
  store: SessionStore;
  password: string;
  /** A session unused this long ends. */
  idleMs: number;
  /** A session ends this long after the login, used or not. */
  maxAgeMs: number;
  /** Clock in ms; tests replace it. */
  now?: () => number;
}

/** How often a session's `lastSeenAt` is written, at most. */
const TOUCH_EVERY_MS = 60_000;

async function hashToken(token: string): Promise<string> {
  return hex(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token)),
  );
}

/** The logins of one password. */
export class Sessions {
  #store: SessionStore;
  #password: string;
  #fingerprint: PasswordFingerprint;
  #idleMs: number;
  #maxAgeMs: number;
  #now: () => number;

  constructor(options: SessionsOptions) {
    this.#store = options.store;
    this.#password = options.password;
    this.#fingerprint = new PasswordFingerprint(options.password);
    this.#idleMs = options.idleMs;
    this.#maxAgeMs = options.maxAgeMs;
    this.#now = options.now ?? Date.now;
  }

  /** Longest life of a session, for the cookie's Max-Age. */
  get maxAgeMs(): number {
    return this.#maxAgeMs;
  }

  /** Whether a typed password is the configured one (constant time). */
  passwordMatches(typed: string): boolean {
    return sameText(typed, this.#password);
  }

  /**
   * Drop sessions that expired or belong to another password: run at
   * start, so a password changed and changed back does not revive them.
   */
  async prune(): Promise<void> {
    for (const session of await this.#store.listSessions()) {
      if (!await this.#alive(session)) {
        await this.#store.deleteSession(session.id);
      }
    }
  }

  /** Start a session; returns the token for the cookie. */
  async create(): Promise<string> {
    const token = hex(crypto.getRandomValues(new Uint8Array(32)));
    const at = new Date(this.#now()).toISOString();
    await this.#store.createSession({
      id: await hashToken(token),
      passwordFingerprint: await this.#fingerprint.current(),
      createdAt: at,
      lastSeenAt: at,
    });
    return token;
  }

  /** Whether a token is a live session; a live one counts as used now. */
  async check(token: string | null): Promise<boolean> {
    if (!token || !/^[0-9a-f]{64}$/.test(token)) return false;
    const id = await hashToken(token);
    const session = await this.#store.getSession(id);
    if (!session) return false;
    if (!await this.#alive(session)) {
      await this.#store.deleteSession(id);
      return false;
    }
    const now = this.#now();
    if (now - Date.parse(session.lastSeenAt) >= TOUCH_EVERY_MS) {
      await this.#store.touchSession(id, new Date(now).toISOString());
    }
    return true;
  }

  /** End the session of a token (log out). */
  async end(token: string | null): Promise<void> {
    if (!token || !/^[0-9a-f]{64}$/.test(token)) return;
    await this.#store.deleteSession(await hashToken(token));
  }

  async #alive(
    session: {
      passwordFingerprint: string;
      createdAt: string;
      lastSeenAt: string;
    },
  ): Promise<boolean> {
    const now = this.#now();
    if (now - Date.parse(session.createdAt) >= this.#maxAgeMs) return false;
    if (now - Date.parse(session.lastSeenAt) >= this.#idleMs) return false;
    return await this.#fingerprint.matches(session.passwordFingerprint);
  }
}
