/** What only the Deno KV backend has: several writers on one database. */
import { assertEquals, assertRejects } from "@std/assert";
import { openKvStore } from "../../lib/store/kv/mod.ts";
import { newId, NotFoundError } from "../../lib/store/mod.ts";

Deno.test("KV store - two writers on one KV file never lose a message", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kv_writers_" });
  const a = await openKvStore({ path: `${dir}/chat.kv` });
  const b = await openKvStore({ path: `${dir}/chat.kv` });
  try {
    const c = await a.createConversation({ title: "Shared" });
    // Different connections: each write is checked against the version it
    // was computed from, and the loser computes again.
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).appendMessage(c.id, {
          role: "user",
          content: `${i % 2 ? "a" : "b"}${i}`,
        })),
    );
    const messages = await b.listMessages(c.id);
    assertEquals(messages.length, 40);
    assertEquals(
      messages.map((m) => m.content).sort(),
      Array.from({ length: 40 }, (_, i) => `${i % 2 ? "a" : "b"}${i}`).sort(),
    );
    const renamed = await a.updateConversation(c.id, { title: "Renamed" });
    assertEquals(await b.getConversation(c.id), renamed);
    assertEquals(
      (await b.listConversations({ q: "b38" })).conversations.map((x) => x.id),
      [c.id],
    );
  } finally {
    await a.close();
    await b.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KV store - a long message is stored in pieces under 64 KiB", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kv_parts_" });
  const store = await openKvStore({ path: `${dir}/chat.kv` });
  try {
    const c = await store.createConversation();
    const text = "語".repeat(100_000);
    await store.appendMessage(c.id, { role: "user", content: text });
    const pieces = [];
    for await (const item of store.kv.list<string>({ prefix: ["parts"] })) {
      pieces.push(item.value.length);
    }
    assertEquals(pieces.length, 4);
    assertEquals(pieces.every((n) => n <= 30_000), true);
    assertEquals((await store.listMessages(c.id))[0].content, text);
    // Replacing it removes the old pieces.
    await store.updateMessage(c.id, (await store.listMessages(c.id))[0].id, {
      content: "short",
    });
    let left = 0;
    for await (const _ of store.kv.list({ prefix: ["parts"] })) left++;
    assertEquals(left, 0);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("KV store - delete forever leaves no key of the conversation", async () => {
  const kv = await Deno.openKv(":memory:");
  const store = await openKvStore({ kv });
  try {
    const c = await store.createConversation({ title: "Secret" });
    await store.appendMessage(c.id, { role: "user", content: "x".repeat(2e5) });
    await store.appendMessage(c.id, { role: "assistant", content: "short" });
    const keep = await store.createConversation({ title: "Kept" });
    await store.deleteConversation(c.id);
    await store.purgeConversation(c.id);
    const left: string[] = [];
    for await (const item of kv.list({ prefix: [] })) {
      if (
        JSON.stringify(item.value).includes("Secret") || item.key.includes(c.id)
      ) {
        left.push(JSON.stringify(item.key));
      }
    }
    assertEquals(left, []);
    let parts = 0;
    for await (const _ of kv.list({ prefix: ["parts"] })) parts++;
    assertEquals(parts, 0);
    assertEquals((await store.getConversation(keep.id)).title, "Kept");
  } finally {
    await store.close();
    kv.close();
  }
});

Deno.test("KV store - an upload that a purge overtakes leaves no pieces behind", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kv_upload_race_" });
  const real = await Deno.openKv(`${dir}/chat.kv`);
  let beforeRecord: (() => Promise<void>) | null = null;
  // The database as the store sees it: the file's record is written last
  // (`set`); the purge runs just before that.
  const kv = new Proxy(real, {
    get(target, key) {
      const value = Reflect.get(target, key, target);
      if (key === "set" && beforeRecord) {
        return async (...args: Parameters<Deno.Kv["set"]>) => {
          const run = beforeRecord!;
          beforeRecord = null;
          await run();
          return await target.set(...args);
        };
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  const store = await openKvStore({ kv });
  try {
    const c = await store.createConversation();
    beforeRecord = async () => {
      await store.deleteConversation(c.id);
      await store.purgeConversation(c.id);
    };
    await assertRejects(
      () =>
        store.putAttachment(c.id, {
          id: newId(),
          name: "late.txt",
          mediaType: "text/plain; charset=utf-8",
          kind: "text",
          size: 200_000,
        }, new Uint8Array(200_000)),
      NotFoundError,
    );
    const left = [];
    for await (const entry of real.list({ prefix: [] })) {
      if (entry.key.includes(c.id)) left.push(entry.key);
    }
    assertEquals(left, []);
  } finally {
    await store.close();
    real.close();
    await Deno.remove(dir, { recursive: true });
  }
});

/** `kv` whose next commit first awaits `hooks.beforeCommit` (then forgets it). */
function holdingCommits(
  kv: Deno.Kv,
  hooks: { beforeCommit?: () => Promise<void> },
): Deno.Kv {
  return new Proxy(kv, {
    get(target, key) {
      if (key === "atomic") {
        return () => {
          const op = target.atomic();
          const commit = op.commit.bind(op);
          op.commit = async () => {
            const before = hooks.beforeCommit;
            hooks.beforeCommit = undefined;
            await before?.();
            return await commit();
          };
          return op;
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

Deno.test("KV store - appendAfterRead decides again when another instance changes the conversation before the append", async () => {
  const dir = await Deno.makeTempDir({ prefix: "kv_after_read_" });
  const kv = await Deno.openKv(`${dir}/chat.kv`);
  const hooks: { beforeCommit?: () => Promise<void> } = {};
  const a = await openKvStore({ kv: holdingCommits(kv, hooks) });
  const b = await openKvStore({ path: `${dir}/chat.kv` });
  try {
    const c = await a.createConversation({ model: "one" });
    // Lands after `a` read and decided, before its append commits.
    hooks.beforeCommit = async () => {
      await b.updateConversation(c.id, { model: "two" });
    };
    const seen: (string | null)[] = [];
    const { read, message } = await a.appendAfterRead(c.id, (read) => {
      seen.push(read.conversation.model);
      return { role: "user", content: `for ${read.conversation.model}` };
    });
    assertEquals(seen, ["one", "two"]);
    assertEquals(read.conversation.model, "two");
    assertEquals(message.content, "for two");
    assertEquals(
      (await b.listMessages(c.id)).map((m) => m.content),
      ["for two"],
    );
    // A refusal on the second read stores nothing.
    hooks.beforeCommit = async () => {
      await b.updateConversation(c.id, { model: "three" });
    };
    await assertRejects(
      () =>
        a.appendAfterRead(c.id, (read) => {
          if (read.conversation.model === "three") throw new Error("changed");
          return { role: "user", content: "not stored" };
        }),
      Error,
      "changed",
    );
    assertEquals((await b.listMessages(c.id)).length, 1);
  } finally {
    await a.close();
    await b.close();
    kv.close();
    await Deno.remove(dir, { recursive: true });
  }
});
