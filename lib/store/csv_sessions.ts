/**
 * Sessions of the CSV backend: `sessions.csv` in the data folder, one row
 * per login, rewritten atomically on each change and read once at start
 * (the folder's lock makes this process its only writer).
 *
 * @module
 */
import { parse } from "@std/csv/parse";
import { stringify } from "@std/csv/stringify";
import { readIfExists, writeAtomic } from "./files.ts";
import { SerialQueue } from "./serial_queue.ts";
import {
  isSessionRecord,
  type SessionRecord,
  type SessionStore,
} from "./sessions.ts";

const COLUMNS = ["id", "passwordFingerprint", "createdAt", "lastSeenAt"];

/** `SessionStore` on `<dataDir>/sessions.csv`. */
export class CsvSessions implements SessionStore {
  #path: string;
  #sessions = new Map<string, SessionRecord>();
  #queue = new SerialQueue();
  #loaded: Promise<void> | null = null;

  constructor(dataDir: string) {
    this.#path = `${dataDir}/sessions.csv`;
  }

  #load(): Promise<void> {
    this.#loaded ??= (async () => {
      const bytes = await readIfExists(this.#path);
      if (!bytes) return;
      try {
        const rows = parse(new TextDecoder().decode(bytes), {
          skipFirstRow: true,
          columns: COLUMNS,
        });
        for (const row of rows) {
          if (isSessionRecord(row)) this.#sessions.set(row.id, { ...row });
        }
      } catch {
        // A damaged sessions file only logs people out: start empty.
      }
    })();
    return this.#loaded;
  }

  #save(): Promise<void> {
    const rows = [...this.#sessions.values()];
    return this.#queue.run("sessions", async () => {
      const text = stringify(rows as unknown as Record<string, string>[], {
        columns: COLUMNS,
      });
      await writeAtomic(this.#path, new TextEncoder().encode(text));
    });
  }

  /** {@inheritDoc SessionStore.createSession} */
  async createSession(session: SessionRecord): Promise<void> {
    await this.#load();
    this.#sessions.set(session.id, { ...session });
    await this.#save();
  }

  /** {@inheritDoc SessionStore.getSession} */
  async getSession(id: string): Promise<SessionRecord | null> {
    await this.#load();
    const found = this.#sessions.get(id);
    return found ? { ...found } : null;
  }

  /** {@inheritDoc SessionStore.touchSession} */
  async touchSession(id: string, lastSeenAt: string): Promise<void> {
    await this.#load();
    const found = this.#sessions.get(id);
    if (!found) return;
    found.lastSeenAt = lastSeenAt;
    await this.#save();
  }

  /** {@inheritDoc SessionStore.listSessions} */
  async listSessions(): Promise<SessionRecord[]> {
    await this.#load();
    return [...this.#sessions.values()].map((s) => ({ ...s }));
  }

  /** {@inheritDoc SessionStore.deleteSession} */
  async deleteSession(id: string): Promise<void> {
    await this.#load();
    if (this.#sessions.delete(id)) await this.#save();
  }

  /** {@inheritDoc SessionStore.deleteAllSessions} */
  async deleteAllSessions(): Promise<void> {
    await this.#load();
    this.#sessions.clear();
    await this.#save();
  }
}
