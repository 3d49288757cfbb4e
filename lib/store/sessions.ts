/**
 * Login sessions as a store keeps them, so that a session made on one
 * instance works on every other one sharing the store (Deno KV), and
 * survives a restart (CSV). The store only keeps records; what makes a
 * session valid (expiry, the password it belongs to) is decided in
 * `lib/auth`.
 *
 * @module
 */

/** One login, as stored. The cookie's token itself is never stored. */
export interface SessionRecord {
  /** SHA-256 (hex) of the random token in the cookie. */
  id: string;
  /**
   * Fingerprint of the password the login used (salted and stretched, so
   * it does not reveal the password); another password's sessions are void.
   */
  passwordFingerprint: string;
  /** When the person logged in (ISO 8601): the absolute expiry runs from here. */
  createdAt: string;
  /** Last request seen (ISO 8601), updated at most about once a minute. */
  lastSeenAt: string;
}

/**
 * What a `ChatStore` backend offers as its `sessions`, for logins. A new
 * backend needs only these six methods (see `csv_sessions.ts` and
 * `kv/sessions.ts`). Every method resolves
 * once the change is durable. Few records are expected (one per browser
 * that logged in), so listing them all is fine.
 */
export interface SessionStore {
  /** Keep a new session (its `id` is new and random). */
  createSession(session: SessionRecord): Promise<void>;
  /** The session with this id, or null when there is none. */
  getSession(id: string): Promise<SessionRecord | null>;
  /** Move a session's `lastSeenAt`; nothing happens when it is gone. */
  touchSession(id: string, lastSeenAt: string): Promise<void>;
  /** Every session (to drop expired ones and those of an old password). */
  listSessions(): Promise<SessionRecord[]>;
  /** End one session (log out); nothing happens when it is gone. */
  deleteSession(id: string): Promise<void>;
  /** End every session (the password changed). */
  deleteAllSessions(): Promise<void>;
}

/** Whether a value read back from storage is a well-formed record. */
export function isSessionRecord(value: unknown): value is SessionRecord {
  const v = value as Partial<SessionRecord> | null;
  return typeof v === "object" && v !== null &&
    typeof v.id === "string" && /^[0-9a-f]{64}$/.test(v.id) &&
    typeof v.passwordFingerprint === "string" &&
    typeof v.createdAt === "string" && typeof v.lastSeenAt === "string";
}
