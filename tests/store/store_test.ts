import {
  assert,
  assertEquals,
  assertNotEquals,
  assertRejects,
} from "@std/assert";
import {
  ConflictError,
  type Message,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from "../../lib/store/mod.ts";
import { newId } from "../../lib/store/uuid.ts";
import { tempStore } from "./_helpers.ts";

Deno.test("Store - first run creates the folder layout", async () => {
  await using t = await tempStore();
  const names = [];
  for await (const item of Deno.readDir(t.dir)) names.push(item.name);
  assertEquals(names.sort(), ["FORMAT", "LOCK", "conversations", "trash"]);
  assert((await Deno.readTextFile(`${t.dir}/FORMAT`)).includes("format 1"));
});

Deno.test("Store - create, get and list a conversation", async () => {
  await using t = await tempStore();
  const created = await t.store.createConversation({
    title: "  Trip   planning ",
    model: "demo",
    systemPrompt: "Be brief.",
    temperature: 0.7,
  });
  assertEquals(created.title, "Trip planning");
  assertEquals(created.pinned, false);
  assertEquals(created.damaged, null);
  assertEquals(await t.store.getConversation(created.id), created);
  const page = await t.store.listConversations();
  assertEquals(page.conversations, [created]);
  assertEquals(page.nextCursor, null);
  const index = await Deno.readTextFile(`${t.dir}/conversations.csv`);
  assert(index.startsWith("id,title,pinned,created_at,updated_at"));
  assert(index.includes(`${created.id},Trip planning,false,`));
  assert(index.endsWith("\r\n"));
});

Deno.test("Store - defaults for a conversation created with nothing", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  assertEquals(c.title, "New chat");
  assertEquals(c.model, null);
  assertEquals(c.systemPrompt, "");
  assertEquals(c.temperature, null);
  assertEquals(await t.store.listMessages(c.id), []);
});

Deno.test("Store - everything survives a reopen", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Kept" });
  const m1 = await t.store.appendMessage(c.id, { role: "user", content: "Q" });
  const m2 = await t.store.appendMessage(c.id, {
    role: "assistant",
    content: "A",
    model: "demo",
    finishReason: "stop",
    promptTokens: 12,
    completionTokens: 3,
  });
  await t.store.updateConversation(c.id, { pinned: true });
  const before = await t.store.getConversation(c.id);
  await t.reopen();
  assertEquals(await t.store.getConversation(c.id), before);
  assertEquals(await t.store.listMessages(c.id), [m1, m2]);
});

Deno.test("Store - update changes only the given fields", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Old", model: "demo" });
  const u = await t.store.updateConversation(c.id, {
    title: "New",
    temperature: 1.5,
  });
  assertEquals(u.title, "New");
  assertEquals(u.temperature, 1.5);
  assertEquals(u.model, "demo");
  const cleared = await t.store.updateConversation(c.id, {
    model: null,
    temperature: null,
  });
  assertEquals(cleared.model, null);
  assertEquals(cleared.temperature, null);
  assertEquals(cleared.title, "New");
});

Deno.test("Store - list: pinned first, then most recent", async () => {
  let clock = Date.parse("2025-01-01T00:00:00Z");
  const dir = await Deno.makeTempDir();
  const { openCsvStore } = await import("../../lib/store/mod.ts");
  const store = await openCsvStore({
    dataDir: dir,
    now: () => new Date(clock += 1000),
    log: () => {},
  });
  try {
    const a = await store.createConversation({ title: "a" });
    const b = await store.createConversation({ title: "b" });
    await store.createConversation({ title: "c" });
    await store.appendMessage(a.id, { role: "user", content: "bump" });
    await store.updateConversation(b.id, { pinned: true });
    const titles = (await store.listConversations()).conversations.map((x) =>
      x.title
    );
    assertEquals(titles, ["b", "a", "c"]);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Store - cursor pages cover every conversation once", async () => {
  await using t = await tempStore();
  const ids = new Set<string>();
  for (let i = 0; i < 23; i++) {
    const c = await t.store.createConversation({ title: `chat ${i}` });
    ids.add(c.id);
    if (i % 5 === 0) await t.store.updateConversation(c.id, { pinned: true });
  }
  const seen: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await t.store.listConversations({ cursor, limit: 4 });
    pages++;
    seen.push(...page.conversations.map((c) => c.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  assertEquals(pages, 6);
  assertEquals(seen.length, 23);
  assertEquals(new Set(seen), ids);
  const all = (await t.store.listConversations({ limit: 200 })).conversations;
  assertEquals(all.map((c) => c.id), seen);
  assertEquals(all.slice(0, 5).every((c) => c.pinned), true);
});

Deno.test("Store - search titles and message text, case-insensitive", async () => {
  await using t = await tempStore();
  const a = await t.store.createConversation({ title: "Cooking pasta" });
  const b = await t.store.createConversation({ title: "Taxes" });
  await t.store.appendMessage(b.id, {
    role: "user",
    content: "How do I file the Ümlaut form?",
  });
  await t.store.createConversation({ title: "Unrelated" });
  const find = async (q: string) =>
    (await t.store.listConversations({ q })).conversations.map((c) => c.id);
  assertEquals(await find("PASTA"), [a.id]);
  assertEquals(await find("ümlaut"), [b.id]);
  assertEquals(await find("nothing like this"), []);
  assertEquals((await find("")).length, 3);
  // Search pages too.
  for (let i = 0; i < 5; i++) {
    const c = await t.store.createConversation({ title: `pasta ${i}` });
    await t.store.appendMessage(c.id, { role: "user", content: "x" });
  }
  const first = await t.store.listConversations({ q: "pasta", limit: 4 });
  assertEquals(first.conversations.length, 4);
  const second = await t.store.listConversations({
    q: "pasta",
    limit: 4,
    cursor: first.nextCursor!,
  });
  assertEquals(second.conversations.length, 2);
  assertEquals(second.nextCursor, null);
});

Deno.test("Store - messages: append, update, later row supersedes", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const m = await t.store.appendMessage(c.id, {
    role: "user",
    content: "first",
  });
  assertEquals(m.status, "complete");
  assertEquals(m.completedAt, m.createdAt);
  const edited = await t.store.updateMessage(c.id, m.id, {
    content: "edited",
  });
  assertEquals(edited.content, "edited");
  assertEquals(edited.createdAt, m.createdAt);
  const file = await Deno.readTextFile(`${t.dir}/conversations/${c.id}.csv`);
  assertEquals(file.split("\r\n").filter(Boolean).length, 3);
  await t.reopen();
  assertEquals(await t.store.listMessages(c.id), [edited]);
});

Deno.test("Store - streaming reply: checkpoints, then one final row", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  await t.store.appendMessage(c.id, { role: "user", content: "Hi" });
  const r = await t.store.appendMessage(c.id, {
    role: "assistant",
    content: "",
    status: "streaming",
    model: "demo",
  });
  assertEquals(r.completedAt, null);
  const partial = `${t.dir}/conversations/${c.id}.partial.csv`;
  await t.store.checkpoint(c.id, r.id, "Hel");
  await t.store.checkpoint(c.id, r.id, "Hello wor");
  assertEquals((await t.store.listMessages(c.id))[1].content, "Hello wor");
  assert((await Deno.stat(partial)).isFile);
  const done = await t.store.updateMessage(c.id, r.id, {
    status: "complete",
    content: "Hello world",
    finishReason: "stop",
  });
  assert(done.completedAt !== null);
  await assertRejects(() => Deno.stat(partial), Deno.errors.NotFound);
  const rows = (await Deno.readTextFile(`${t.dir}/conversations/${c.id}.csv`))
    .split("\r\n").filter(Boolean);
  assertEquals(rows.length, 3, "header, user row, one final reply row");
  // A checkpoint that arrives late does not undo the final text.
  await t.store.checkpoint(c.id, r.id, "Hello");
  assertEquals((await t.store.listMessages(c.id))[1].content, "Hello world");
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
  assertEquals((await t.store.listMessages(c.id))[0].content, "x49");
});

Deno.test("Store - truncateAfter drops later messages, on disk too", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const ms: Message[] = [];
  for (let i = 0; i < 5; i++) {
    ms.push(
      await t.store.appendMessage(c.id, {
        role: i % 2 ? "assistant" : "user",
        content: `m${i}`,
      }),
    );
  }
  assertEquals(await t.store.truncateAfter(c.id, ms[2].id), 2);
  assertEquals(await t.store.listMessages(c.id), ms.slice(0, 3));
  assertEquals(
    await t.store.truncateAfter(c.id, ms[1].id, { inclusive: true }),
    2,
  );
  assertEquals(await t.store.listMessages(c.id), ms.slice(0, 1));
  assertEquals(await t.store.truncateAfter(c.id, ms[0].id), 0);
  await t.reopen();
  assertEquals(await t.store.listMessages(c.id), ms.slice(0, 1));
});

Deno.test("Store - delete moves to trash; restore brings it back", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Bin me" });
  const m = await t.store.appendMessage(c.id, { role: "user", content: "x" });
  await t.store.deleteConversation(c.id);
  await assertRejects(() => t.store.getConversation(c.id), NotFoundError);
  assertEquals((await t.store.listConversations()).conversations, []);
  assert((await Deno.stat(`${t.dir}/trash/${c.id}.csv`)).isFile);
  assert((await Deno.stat(`${t.dir}/trash/${c.id}.conversation.csv`)).isFile);
  await t.reopen();
  await assertRejects(() => t.store.getConversation(c.id), NotFoundError);
  const back = await t.store.restoreConversation(c.id);
  assertEquals(back.title, "Bin me");
  assertEquals(await t.store.listMessages(c.id), [m]);
  await assertRejects(() => t.store.restoreConversation(c.id), NotFoundError);
  await t.reopen();
  assertEquals((await t.store.getConversation(c.id)).title, "Bin me");
});

Deno.test("Store - unknown ids are NotFoundError", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const ghost = newId();
  await assertRejects(() => t.store.getConversation(ghost), NotFoundError);
  await assertRejects(() => t.store.listMessages(ghost), NotFoundError);
  await assertRejects(
    () => t.store.appendMessage(ghost, { role: "user", content: "x" }),
    NotFoundError,
    "Conversation not found",
  );
  await assertRejects(
    () => t.store.updateMessage(c.id, ghost, { content: "x" }),
    NotFoundError,
    "Message not found",
  );
  await assertRejects(() => t.store.deleteConversation(ghost), NotFoundError);
  await assertRejects(
    () => t.store.truncateAfter(c.id, ghost),
    NotFoundError,
  );
  await assertRejects(
    () => t.store.checkpoint(c.id, ghost, "x"),
    NotFoundError,
  );
});

Deno.test("Store - invalid fields name the field and write nothing", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Same" });
  const index = `${t.dir}/conversations.csv`;
  const messages = `${t.dir}/conversations/${c.id}.csv`;
  const before = [await Deno.readFile(index), await Deno.readFile(messages)];
  const cases: [() => Promise<unknown>, string, string][] = [
    [
      () => t.store.createConversation({ title: "x".repeat(201) }),
      "title",
      "title must be at most 200 characters",
    ],
    [
      () => t.store.updateConversation(c.id, { title: "x".repeat(201) }),
      "title",
      "title must be at most 200 characters",
    ],
    [
      () => t.store.updateConversation(c.id, { temperature: 3 }),
      "temperature",
      "temperature must be between 0 and 2",
    ],
    [
      () =>
        t.store.updateConversation(c.id, {
          temperature: "hot" as unknown as number,
        }),
      "temperature",
      "temperature must be a number",
    ],
    [
      () =>
        t.store.updateConversation(c.id, {
          pinned: "yes" as unknown as boolean,
        }),
      "pinned",
      "pinned must be true or false",
    ],
    [
      () => t.store.updateConversation(c.id, { title: "  " }),
      "title",
      "title must not be empty",
    ],
    [
      () =>
        t.store.updateConversation(c.id, { colour: "red" } as unknown as {
          title: string;
        }),
      "colour",
      "colour is not a field that can be set",
    ],
    [
      () =>
        t.store.appendMessage(c.id, {
          role: "robot" as "user",
          content: "x",
        }),
      "role",
      "role must be user, assistant or system",
    ],
    [
      () =>
        t.store.appendMessage(c.id, {
          role: "user",
          content: 5 as unknown as string,
        }),
      "content",
      "content must be a string",
    ],
    [
      () =>
        t.store.appendMessage(c.id, {
          role: "user",
          content: "x",
          promptTokens: -1,
        }),
      "promptTokens",
      "promptTokens must be a whole number ≥ 0",
    ],
  ];
  for (const [run, field, message] of cases) {
    const error = await assertRejects(run, ValidationError, message);
    assertEquals((error as ValidationError).field, field);
    assertEquals((error as ValidationError).status, 400);
  }
  // A 200-character title (emoji count as one) is fine.
  await t.store.updateConversation(c.id, { title: "😀".repeat(200) });
  await t.store.updateConversation(c.id, { title: "Same" });
  const after = [await Deno.readFile(index), await Deno.readFile(messages)];
  assertEquals(after[1], before[1]);
  assertEquals((await t.store.listConversations()).conversations.length, 1);
  assertNotEquals(after[0].length, 0);
});

Deno.test("Store - oversized content is PayloadTooLargeError", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  await assertRejects(
    () =>
      t.store.appendMessage(c.id, {
        role: "user",
        content: "x".repeat(1_000_001),
      }),
    PayloadTooLargeError,
  );
  assertEquals(await t.store.listMessages(c.id), []);
});

Deno.test("Store - duplicate message id is a ConflictError", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const id = newId();
  await t.store.appendMessage(c.id, { id, role: "user", content: "a" });
  await assertRejects(
    () => t.store.appendMessage(c.id, { id, role: "user", content: "b" }),
    ConflictError,
  );
  assertEquals((await t.store.listMessages(c.id)).length, 1);
});

Deno.test("Store - bad cursor and limit are ValidationErrors", async () => {
  await using t = await tempStore();
  await assertRejects(
    () => t.store.listConversations({ cursor: "../../x" }),
    ValidationError,
    "cursor",
  );
  await assertRejects(
    () => t.store.listConversations({ cursor: btoa("nonsense") }),
    ValidationError,
  );
  await assertRejects(
    () => t.store.listConversations({ limit: 0 }),
    ValidationError,
    "limit",
  );
});

Deno.test("Store - a closed store refuses work and frees the folder", async () => {
  await using t = await tempStore();
  await t.store.close();
  await assertRejects(() => t.store.createConversation(), Error, "closed");
  await t.reopen();
  await t.store.createConversation();
});

Deno.test("Store - writes queued before close() still finish", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const pending = Array.from(
    { length: 20 },
    (_, i) => t.store.appendMessage(c.id, { role: "user", content: `${i}` }),
  );
  await t.store.close();
  assertEquals((await Promise.all(pending)).length, 20);
  await t.reopen();
  assertEquals((await t.store.listMessages(c.id)).length, 20);
});

Deno.test("Store - readConversation returns what getConversation and listMessages do", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Both" });
  await t.store.appendMessage(c.id, { role: "user", content: "Q" });
  await t.store.appendMessage(c.id, { role: "assistant", content: "A" });
  const read = await t.store.readConversation(c.id);
  assertEquals(read.conversation, await t.store.getConversation(c.id));
  assertEquals(read.messages, await t.store.listMessages(c.id));
  assertEquals(read.messages.map((m) => m.content), ["Q", "A"]);
  await assertRejects(() => t.store.readConversation(newId()), NotFoundError);
  await assertRejects(() => t.store.readConversation("../x"), NotFoundError);
});
