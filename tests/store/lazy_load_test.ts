import { assert, assertEquals } from "@std/assert";
import { openCsvStore } from "../../lib/store/mod.ts";
import { SEARCH_INDEX_FILE } from "../../lib/store/search_index.ts";
import { tempStore } from "./_helpers.ts";

const matchIds = async (
  store: {
    listConversations(
      o: { q: string },
    ): Promise<{ conversations: { id: string }[] }>;
  },
  q: string,
) => (await store.listConversations({ q })).conversations.map((c) => c.id);

Deno.test("Lazy load - start-up does not read a messages file that did not change", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Kept" });
  await t.store.appendMessage(c.id, { role: "user", content: "hello" });
  await t.reopen();
  // Garble the file, keeping its size and modification time: only a read
  // of it can tell.
  const path = `${t.dir}/conversations/${c.id}.csv`;
  const before = await Deno.stat(path);
  const text = await Deno.readTextFile(path);
  await t.store.close();
  await Deno.writeTextFile(path, text.replace(",user,", ",usr!,"));
  await Deno.utime(path, before.atime!, before.mtime!);
  t.logs.length = 0;
  await t.reopen();
  await matchIds(t.store, "anything"); // waits for the start-up check
  assertEquals(t.logs.filter((l) => l.includes("usr!")), []);
  // Opening the conversation reads it and finds the damage.
  const damaged = (await t.store.getConversation(c.id)).damaged;
  assert(damaged?.message.includes("usr!"), damaged?.message);
});

Deno.test("Lazy load - search finds text written before and after a restart", async () => {
  await using t = await tempStore();
  const a = await t.store.createConversation({ title: "A" });
  const b = await t.store.createConversation({ title: "B" });
  await t.store.appendMessage(a.id, { role: "user", content: "Aardvark tea" });
  await t.store.appendMessage(b.id, { role: "user", content: "Badger TEA" });
  assertEquals(await matchIds(t.store, "aardvark"), [a.id]);
  await t.reopen();
  assertEquals(
    await Deno.stat(`${t.dir}/${SEARCH_INDEX_FILE}`).then(() => true),
    true,
  );
  assertEquals((await matchIds(t.store, "tea")).sort(), [a.id, b.id].sort());
  assertEquals(await matchIds(t.store, "badger"), [b.id]);
  // Words in the record's head fields (ids, sizes, times) are no match.
  assertEquals(await matchIds(t.store, a.id.slice(0, 8)), []);
  await t.store.appendMessage(b.id, { role: "assistant", content: "Capybara" });
  assertEquals(await matchIds(t.store, "capybara"), [b.id]);
  await t.store.deleteConversation(a.id);
  assertEquals(await matchIds(t.store, "tea"), [b.id]);
  await t.reopen();
  assertEquals(await matchIds(t.store, "tea"), [b.id]);
  assertEquals(await matchIds(t.store, "capybara"), [b.id]);
});

Deno.test("Lazy load - a hand edit made while stopped is searchable at once", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Edited" });
  await t.store.appendMessage(c.id, { role: "user", content: "old words" });
  await t.store.close();
  const path = `${t.dir}/conversations/${c.id}.csv`;
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, text.replace("old words", "new walrus"));
  await t.reopen();
  assertEquals(await matchIds(t.store, "walrus"), [c.id]);
  assertEquals(await matchIds(t.store, "old words"), []);
});

Deno.test("Lazy load - the search index is derived: deleted or garbled, nothing is lost", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Title" });
  await t.store.appendMessage(c.id, { role: "user", content: "Narwhal" });
  await t.store.close();
  const file = `${t.dir}/${SEARCH_INDEX_FILE}`;
  await Deno.remove(file);
  await t.reopen();
  assertEquals(await matchIds(t.store, "narwhal"), [c.id]);
  await t.store.close();
  await Deno.writeTextFile(file, "garbage\0\nnot\ta\trecord");
  await t.reopen();
  assertEquals(await matchIds(t.store, "narwhal"), [c.id]);
  assertEquals((await t.store.listMessages(c.id))[0].content, "Narwhal");
});

Deno.test("Lazy load - more conversations than the cache holds stay whole", async () => {
  const dir = await Deno.makeTempDir({ prefix: "store_test_" });
  const open = () =>
    openCsvStore({ dataDir: dir, log: () => {}, cache: { logs: 8 } });
  let store = await open();
  try {
    const made: string[] = [];
    for (let i = 0; i < 20; i++) {
      const c = await store.createConversation({ title: `C${i}` });
      await store.appendMessage(c.id, { role: "user", content: `word${i}x` });
      made.push(c.id);
    }
    // A reply being written is never dropped from the cache.
    const reply = await store.appendMessage(made[0], {
      role: "assistant",
      content: "",
      status: "streaming",
    });
    for (let i = 1; i < 20; i++) {
      await store.appendMessage(made[i], { role: "assistant", content: "ok" });
      assertEquals((await store.listMessages(made[i])).length, 2);
      assertEquals(await matchIds(store, `word${i}x`), [made[i]]);
    }
    await store.checkpoint(made[0], reply.id, "partial text");
    await store.updateMessage(made[0], reply.id, { status: "complete" });
    assertEquals(
      (await store.listMessages(made[0])).map((m) => m.content),
      ["word0x", "partial text"],
    );
    await store.close();
    store = await open();
    for (let i = 0; i < 20; i += 7) {
      assertEquals(await matchIds(store, `word${i}x`), [made[i]]);
    }
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Lazy load - search reads the index in pieces: records across piece ends are found", async () => {
  await using t = await tempStore();
  const ids: string[] = [];
  // Conversations of about 0.4 MB each: records cross the 1 MB pieces.
  for (let i = 0; i < 6; i++) {
    const c = await t.store.createConversation({ title: `Big ${i}` });
    const words = `filler${i} `.repeat(20_000);
    await t.store.appendMessage(c.id, {
      role: "user",
      content: `${words}needle${i}end`,
    });
    ids.push(c.id);
  }
  await t.reopen();
  for (let i = 0; i < 6; i++) {
    assertEquals(await matchIds(t.store, `needle${i}end`), [ids[i]]);
  }
  assertEquals(await matchIds(t.store, "filler3 filler3"), [ids[3]]);
});

Deno.test("Lazy load - a conversation longer than a piece of the search index is found whole", async () => {
  await using t = await tempStore();
  const before = await t.store.createConversation({ title: "Before" });
  await t.store.appendMessage(before.id, { role: "user", content: "first" });
  const big = await t.store.createConversation({ title: "Big" });
  // 1.5 MB of text in one record: more than the 1 MB read at a time.
  for (let i = 0; i < 15; i++) {
    await t.store.appendMessage(big.id, {
      role: "user",
      content: `${i === 0 ? "start-mark " : ""}${"word ".repeat(20_000)}${
        i === 14 ? " end-mark" : ""
      }`,
    });
  }
  const after = await t.store.createConversation({ title: "After" });
  await t.store.appendMessage(after.id, { role: "user", content: "last" });
  await t.reopen();
  assertEquals(await matchIds(t.store, "start-mark"), [big.id]);
  assertEquals(await matchIds(t.store, "end-mark"), [big.id]);
  assertEquals(await matchIds(t.store, "first"), [before.id]);
  assertEquals(await matchIds(t.store, "last"), [after.id]);
});
