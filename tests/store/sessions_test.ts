/**
 * The session part of the `ChatStore` contract, on every backend.
 */
import { assertEquals } from "@std/assert";
import type { SessionRecord } from "../../lib/store/mod.ts";
import { openKvStore } from "../../lib/store/kv/mod.ts";
import { BACKENDS } from "./_backends.ts";

function session(n: number, at = "2025-01-01T00:00:00.000Z"): SessionRecord {
  return {
    id: n.toString(16).padStart(64, "0"),
    passwordFingerprint: `${"a".repeat(32)}.${n}`,
    createdAt: at,
    lastSeenAt: at,
  };
}

for (const backend of BACKENDS) {
  Deno.test(`Store sessions - create, get, touch, list, delete, delete all, after reopen [${backend.name}]`, async () => {
    await using t = await backend.open();
    assertEquals(await t.store.sessions.getSession(session(1).id), null);
    await t.store.sessions.createSession(session(1));
    await t.store.sessions.createSession(session(2));
    assertEquals(await t.store.sessions.getSession(session(1).id), session(1));
    await t.store.sessions.touchSession(
      session(1).id,
      "2025-01-02T00:00:00.000Z",
    );
    await t.store.sessions.touchSession(
      session(9).id,
      "2025-01-02T00:00:00.000Z",
    );
    const store = await t.reopen();
    assertEquals(
      (await store.sessions.getSession(session(1).id))?.lastSeenAt,
      "2025-01-02T00:00:00.000Z",
    );
    assertEquals(await store.sessions.getSession(session(9).id), null);
    assertEquals(
      (await store.sessions.listSessions()).map((s) => s.id).sort(),
      [
        session(1).id,
        session(2).id,
      ],
    );
    await store.sessions.deleteSession(session(1).id);
    assertEquals(await store.sessions.getSession(session(1).id), null);
    await store.sessions.createSession(session(3));
    await store.sessions.deleteAllSessions();
    assertEquals(await (await t.reopen()).sessions.listSessions(), []);
  });
}

Deno.test("Store sessions - a session made on one KV instance counts on another", async () => {
  const dir = await Deno.makeTempDir({ prefix: "sessions_kv_" });
  const a = await openKvStore({ path: `${dir}/chat.kv` });
  const b = await openKvStore({ path: `${dir}/chat.kv` });
  try {
    await a.sessions.createSession(session(7));
    assertEquals(await b.sessions.getSession(session(7).id), session(7));
    await b.sessions.deleteSession(session(7).id);
    assertEquals(await a.sessions.getSession(session(7).id), null);
  } finally {
    await a.close();
    await b.close();
    await Deno.remove(dir, { recursive: true });
  }
});
