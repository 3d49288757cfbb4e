/**
 * What the CSV backend writes on disk. Behaviour every backend shares is
 * in `contract_test.ts`.
 */
import { assert, assertEquals, assertRejects } from "@std/assert";
import { ValidationError } from "../../lib/store/mod.ts";
import { tempStore } from "./_helpers.ts";

Deno.test("Store - first run creates the folder layout", async () => {
  await using t = await tempStore();
  const names = [];
  for await (const item of Deno.readDir(t.dir)) names.push(item.name);
  assertEquals(names.sort(), ["FORMAT", "LOCK", "conversations", "trash"]);
  assert((await Deno.readTextFile(`${t.dir}/FORMAT`)).includes("format 1"));
});

Deno.test("Store - the index is a CSV a person can read", async () => {
  await using t = await tempStore();
  const created = await t.store.createConversation({ title: "Trip planning" });
  const index = await Deno.readTextFile(`${t.dir}/conversations.csv`);
  assert(index.startsWith("id,title,pinned,created_at,updated_at"));
  assert(index.includes(`${created.id},Trip planning,false,`));
  assert(index.endsWith("\r\n"));
});

Deno.test("Store - an update adds a row that supersedes the earlier one", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const m = await t.store.appendMessage(c.id, {
    role: "user",
    content: "first",
  });
  await t.store.updateMessage(c.id, m.id, { content: "edited" });
  const file = await Deno.readTextFile(`${t.dir}/conversations/${c.id}.csv`);
  assertEquals(file.split("\r\n").filter(Boolean).length, 3);
});

Deno.test("Store - checkpoints go to a partial file, then one final row", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  await t.store.appendMessage(c.id, { role: "user", content: "Hi" });
  const r = await t.store.appendMessage(c.id, {
    role: "assistant",
    content: "",
    status: "streaming",
  });
  const partial = `${t.dir}/conversations/${c.id}.partial.csv`;
  await t.store.checkpoint(c.id, r.id, "Hel");
  assert((await Deno.stat(partial)).isFile);
  await t.store.updateMessage(c.id, r.id, {
    status: "complete",
    content: "Hello world",
  });
  await assertRejects(() => Deno.stat(partial), Deno.errors.NotFound);
  const rows = (await Deno.readTextFile(`${t.dir}/conversations/${c.id}.csv`))
    .split("\r\n").filter(Boolean);
  assertEquals(rows.length, 3, "header, user row, one final reply row");
});

Deno.test("Store - checkpoints queued together write only the newest", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const r = await t.store.appendMessage(c.id, {
    role: "assistant",
    content: "",
    status: "streaming",
  });
  const partial = `${t.dir}/conversations/${c.id}.partial.csv`;
  const sizeBefore = (await Deno.stat(partial)).size;
  await Promise.all(
    Array.from(
      { length: 50 },
      (_, i) => t.store.checkpoint(c.id, r.id, `x${i}`),
    ),
  );
  const rows = (await Deno.readTextFile(partial)).split("\r\n").filter(Boolean);
  assert(rows.length <= 4, `${rows.length} rows for 50 checkpoints`);
  assert((await Deno.stat(partial)).size > sizeBefore);
});

Deno.test("Store - delete moves the files to trash/", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Bin me" });
  await t.store.appendMessage(c.id, { role: "user", content: "x" });
  await t.store.deleteConversation(c.id);
  assert((await Deno.stat(`${t.dir}/trash/${c.id}.csv`)).isFile);
  assert((await Deno.stat(`${t.dir}/trash/${c.id}.conversation.csv`)).isFile);
  await t.store.restoreConversation(c.id);
  assert((await Deno.stat(`${t.dir}/conversations/${c.id}.csv`)).isFile);
});

Deno.test("Store - invalid fields leave the files untouched", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Same" });
  const index = `${t.dir}/conversations.csv`;
  const messages = `${t.dir}/conversations/${c.id}.csv`;
  const before = [await Deno.readFile(index), await Deno.readFile(messages)];
  await assertRejects(
    () => t.store.updateConversation(c.id, { title: "x".repeat(201) }),
    ValidationError,
  );
  await assertRejects(
    () =>
      t.store.appendMessage(c.id, {
        role: "user",
        content: 5 as unknown as string,
      }),
    ValidationError,
    "content must be a string",
  );
  // A 200-character title (emoji count as one) is fine.
  await t.store.updateConversation(c.id, { title: "😀".repeat(200) });
  await t.store.updateConversation(c.id, { title: "Same" });
  const after = [await Deno.readFile(index), await Deno.readFile(messages)];
  assertEquals(after[1], before[1]);
  assert(after[0].length > 0);
});

Deno.test("Store - a closed store frees the folder", async () => {
  await using t = await tempStore();
  await t.store.close();
  await t.reopen();
  await t.store.createConversation();
});
