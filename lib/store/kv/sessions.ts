/**
 * Sessions of the KV backend: `["sessions", id]` → record, shared by every
 * instance on the same database.
 *
 * @module
 */
import {
  isSessionRecord,
  type SessionRecord,
  type SessionStore,
} from "../sessions.ts";

const PREFIX: Deno.KvKey = ["sessions"];

/** `SessionStore` on a Deno KV database. */
export class KvSessions implements SessionStore {
  #kv: Deno.Kv;

  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  /** {@inheritDoc SessionStore.createSession} */
  async createSession(session: SessionRecord): Promise<void> {
    await this.#kv.set([...PREFIX, session.id], { ...session });
  }

  /** {@inheritDoc SessionStore.getSession} */
  async getSession(id: string): Promise<SessionRecord | null> {
    const entry = await this.#kv.get([...PREFIX, id]);
    return isSessionRecord(entry.value) ? entry.value : null;
  }

  /** {@inheritDoc SessionStore.touchSession} */
  async touchSession(id: string, lastSeenAt: string): Promise<void> {
    const entry = await this.#kv.get<SessionRecord>([...PREFIX, id]);
    if (!isSessionRecord(entry.value)) return;
    // Only if unchanged since read: a logout in between wins.
    await this.#kv.atomic().check(entry)
      .set(entry.key, { ...entry.value, lastSeenAt }).commit();
  }

  /** {@inheritDoc SessionStore.listSessions} */
  async listSessions(): Promise<SessionRecord[]> {
    const found: SessionRecord[] = [];
    for await (const entry of this.#kv.list({ prefix: PREFIX })) {
      if (isSessionRecord(entry.value)) found.push(entry.value);
    }
    return found;
  }

  /** {@inheritDoc SessionStore.deleteSession} */
  async deleteSession(id: string): Promise<void> {
    await this.#kv.delete([...PREFIX, id]);
  }

  /** {@inheritDoc SessionStore.deleteAllSessions} */
  async deleteAllSessions(): Promise<void> {
    for await (const entry of this.#kv.list({ prefix: PREFIX })) {
      await this.#kv.delete(entry.key);
    }
  }
}
