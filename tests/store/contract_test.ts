/**
 * The `ChatStore` contract, asserted on every backend (CSV and Deno KV)
 * by the same tests. File-specific behaviour (torn rows, hand edits, the
 * folder layout) stays in the CSV tests.
 */
import {
  assert,
  assertEquals,
  assertNotEquals,
  assertRejects,
} from "@std/assert";
import {
  ConflictError,
  exportConversation,
  NotFoundError,
  PayloadTooLargeError,
  planImport,
  runImport,
  ValidationError,
} from "../../lib/store/mod.ts";
import { newId } from "../../lib/store/uuid.ts";
import { LIMITS } from "../../lib/store/validate.ts";
import { BACKENDS, countingIds, steppingClock } from "./_backends.ts";

for (const backend of BACKENDS) {
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test(`Store contract - ${name} [${backend.name}]`, fn);
  const open = backend.open;

  test("create, get and list a conversation", async () => {
    await using t = await open();
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
  });

  test("defaults for a conversation created with nothing", async () => {
    await using t = await open();
    const c = await t.store.createConversation();
    assertEquals(c.title, "New chat");
    assertEquals(c.model, null);
    assertEquals(c.systemPrompt, "");
    assertEquals(c.temperature, null);
    assertEquals(await t.store.listMessages(c.id), []);
  });

  test("everything survives a reopen", async () => {
    await using t = await open();
    const c = await t.store.createConversation({ title: "Kept" });
    const m1 = await t.store.appendMessage(c.id, {
      role: "user",
      content: "Q",
    });
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

  test("update changes only the given fields", async () => {
    await using t = await open();
    const c = await t.store.createConversation({ title: "Old", model: "demo" });
    const u = await t.store.updateConversation(c.id, {
      title: "New",
      temperature: 1.5,
      systemPrompt: "Short answers.",
    });
    assertEquals(u.title, "New");
    assertEquals(u.temperature, 1.5);
    assertEquals(u.model, "demo");
    assertEquals(u.systemPrompt, "Short answers.");
    const cleared = await t.store.updateConversation(c.id, {
      model: null,
      temperature: null,
    });
    assertEquals(cleared.model, null);
    assertEquals(cleared.temperature, null);
    assertEquals(cleared.title, "New");
    assertEquals(await t.store.getConversation(c.id), cleared);
  });

  test("list: pinned first, then most recent; pin keeps the time", async () => {
    await using t = await open({ now: steppingClock() });
    const a = await t.store.createConversation({ title: "a" });
    const b = await t.store.createConversation({ title: "b" });
    await t.store.createConversation({ title: "c" });
    await t.store.appendMessage(a.id, { role: "user", content: "bump" });
    const pinned = await t.store.updateConversation(b.id, { pinned: true });
    assertEquals(pinned.updatedAt, b.updatedAt);
    const titles = (await t.store.listConversations()).conversations.map((
      x,
    ) => x.title);
    assertEquals(titles, ["b", "a", "c"]);
  });

  test("a quiet change keeps the time and the list order", async () => {
    await using t = await open({ now: steppingClock() });
    const a = await t.store.createConversation({ title: "a" });
    await t.store.createConversation({ title: "b" });
    const named = await t.store.updateConversation(a.id, { title: "A" }, {
      quiet: true,
    });
    assertEquals(named.updatedAt, a.updatedAt);
    const titles = (await t.store.listConversations()).conversations.map((
      x,
    ) => x.title);
    assertEquals(titles, ["b", "A"]);
  });

  test("cursor pages cover every conversation once", async () => {
    await using t = await open();
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
    const all = (await t.store.listConversations({ limit: 200 }))
      .conversations;
    assertEquals(all.map((c) => c.id), seen);
    assertEquals(all.slice(0, 5).every((c) => c.pinned), true);
  });

  test("search titles and message text, case-insensitive", async () => {
    await using t = await open();
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
    // A changed message is found by its new text only.
    const [m] = await t.store.listMessages(b.id);
    await t.store.updateMessage(b.id, m.id, { content: "Receipts" });
    assertEquals(await find("ümlaut"), []);
    assertEquals(await find("receipts"), [b.id]);
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
    await assertRejects(
      () => t.store.listConversations({ q: "x".repeat(201) }),
      ValidationError,
      "q must be at most 200 characters",
    );
  });

  test("a search says why each conversation matched, in the words' own case", async () => {
    await using t = await open();
    const byText = await t.store.createConversation({ title: "Lisbon" });
    await t.store.appendMessage(byText.id, {
      role: "user",
      content: "Where should we go?",
    });
    const hit = await t.store.appendMessage(byText.id, {
      role: "assistant",
      content: "Ride the old yellow TRAM 28 up through Alfama, ÉTÉ İstanbul.",
    });
    const byTitle = await t.store.createConversation({ title: "Tram 28 map" });
    await t.store.appendMessage(byTitle.id, { role: "user", content: "x" });
    const want = {
      messageId: hit.id,
      before: "Ride the old yellow ",
      match: "TRAM 28",
      after: " up through Alfama, ÉTÉ İstanbul.",
    };
    // Fresh writes, then (CSV) from the search index after a restart.
    for (const round of ["fresh", "reopened"]) {
      const page = await t.store.listConversations({ q: "tram 28" });
      assertEquals(
        page.conversations.map((c) => c.id).sort(),
        [byText.id, byTitle.id].sort(),
        round,
      );
      assertEquals(page.matches?.get(byText.id), want, round);
      // Found by its title only: nothing to show.
      assertEquals(page.matches?.get(byTitle.id) ?? null, null, round);
      assertEquals(
        (await t.store.listConversations({ q: "alfama, été" })).matches
          ?.get(byText.id)?.match,
        "Alfama, ÉTÉ",
        round,
      );
      await t.reopen();
    }
  });

  test("messages: append, update, later change supersedes", async () => {
    await using t = await open();
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
    await t.reopen();
    assertEquals(await t.store.listMessages(c.id), [edited]);
  });

  test("read-then-append: the message follows what was read; a refusal stores nothing", async () => {
    await using t = await open();
    const c = await t.store.createConversation();
    const q = await t.store.appendMessage(c.id, { role: "user", content: "q" });
    const { read, message } = await t.store.appendAfterRead(
      c.id,
      ({ messages }) => ({
        role: "assistant",
        content: "a",
        parentId: messages.at(-1)!.id,
      }),
    );
    assertEquals(read.conversation.id, c.id);
    assertEquals(read.messages.map((m) => m.id), [q.id]);
    assertEquals([message.parentId, message.content], [q.id, "a"]);
    await assertRejects(
      () =>
        t.store.appendAfterRead(c.id, () => {
          throw new Error("no");
        }),
      Error,
      "no",
    );
    await assertRejects(
      () =>
        t.store.appendAfterRead(
          c.id,
          () => ({ role: "user", content: "x", parentId: newId() }),
        ),
      ValidationError,
    );
    await assertRejects(
      () =>
        t.store.appendAfterRead(
          newId(),
          () => ({ role: "user", content: "x" }),
        ),
      NotFoundError,
    );
    assertEquals(
      (await t.store.listMessages(c.id)).map((m) => m.content),
      ["q", "a"],
    );
    assertEquals((await t.store.getConversation(c.id)).leafId, message.id);
  });

  test("streaming reply: checkpoints, then the final text", async () => {
    await using t = await open();
    const c = await t.store.createConversation();
    await t.store.appendMessage(c.id, { role: "user", content: "Hi" });
    const r = await t.store.appendMessage(c.id, {
      role: "assistant",
      content: "",
      status: "streaming",
      model: "demo",
    });
    assertEquals(r.completedAt, null);
    await t.store.checkpoint(c.id, r.id, "Hel");
    await t.store.checkpoint(c.id, r.id, "Hello wor");
    assertEquals((await t.store.listMessages(c.id))[1].content, "Hello wor");
    await t.reopen();
    assertEquals((await t.store.listMessages(c.id))[1].content, "Hello wor");
    const done = await t.store.updateMessage(c.id, r.id, {
      status: "complete",
      content: "Hello world",
      finishReason: "stop",
    });
    assert(done.completedAt !== null);
    // A checkpoint that arrives late does not undo the final text.
    await t.store.checkpoint(c.id, r.id, "Hello");
    assertEquals((await t.store.listMessages(c.id))[1], done);
  });

  test("checkpoints queued together keep the newest", async () => {
    await using t = await open();
    const c = await t.store.createConversation();
    const r = await t.store.appendMessage(c.id, {
      role: "assistant",
      content: "",
      status: "streaming",
    });
    await Promise.all(
      Array.from(
        { length: 50 },
        (_, i) => t.store.checkpoint(c.id, r.id, `x${i}`),
      ),
    );
    assertEquals((await t.store.listMessages(c.id))[0].content, "x49");
  });

  test("messages over 64 KiB are kept whole", async () => {
    await using t = await open();
    const c = await t.store.createConversation();
    // Two-byte characters and an emoji pair split across any boundary.
    const big = ('日本語😀 plain, "quoted"\n').repeat(40_000);
    const m = await t.store.appendMessage(c.id, { role: "user", content: big });
    const r = await t.store.appendMessage(c.id, {
      role: "assistant",
      content: "",
      status: "streaming",
    });
    await t.store.checkpoint(c.id, r.id, big.slice(0, 70_001));
    await t.store.checkpoint(c.id, r.id, big.slice(0, 300_003));
    const done = await t.store.updateMessage(c.id, r.id, {
      status: "complete",
      content: big.slice(1),
    });
    await t.reopen();
    const read = await t.store.listMessages(c.id);
    assertEquals(read, [m, done]);
    assertEquals(read[0].content.length, big.length);
    assertEquals(
      (await t.store.listConversations({ q: "語😀 plain" })).conversations
        .length,
      1,
    );
  });

  test("presets are kept by name, replaced by id, removed", async () => {
    await using t = await open();
    const trip = {
      id: newId(),
      name: "Trip planner",
      model: "demo",
      systemPrompt: 'Plan trips, "briefly",\nin lists.',
      temperature: 0.4,
    };
    const plain = {
      id: newId(),
      name: "Aardvark",
      model: null,
      systemPrompt: "",
      temperature: null,
    };
    await t.store.presets.savePreset(trip);
    await t.store.presets.savePreset(plain);
    await t.reopen();
    assertEquals(await t.store.presets.listPresets(), [plain, trip]);
    await t.store.presets.savePreset({ ...trip, temperature: 1 });
    await t.store.presets.deletePreset(plain.id);
    await t.reopen();
    assertEquals(await t.store.presets.listPresets(), [
      { ...trip, temperature: 1 },
    ]);
  });

  test("the trash lists deleted ones, newest first, until restored", async () => {
    await using t = await open({ now: steppingClock() });
    const a = await t.store.createConversation({ title: "First" });
    const b = await t.store.createConversation({ title: "Second" });
    await t.store.deleteConversation(a.id);
    await t.store.deleteConversation(b.id);
    const trash = await t.store.listTrash();
    assertEquals(trash.map((x) => [x.title, x.deletedAt]), [
      ["Second", "2025-01-01T00:00:04.000Z"],
      ["First", "2025-01-01T00:00:03.000Z"],
    ]);
    await t.store.restoreConversation(a.id);
    await t.reopen();
    assertEquals((await t.store.listTrash()).map((x) => x.id), [b.id]);
  });

  test("purge and empty the trash: gone for good", async () => {
    await using t = await open({ now: steppingClock() });
    const ids: string[] = [];
    for (const title of ["Old", "Middle", "New"]) {
      const c = await t.store.createConversation({ title });
      await t.store.appendMessage(c.id, { role: "user", content: title });
      ids.push(c.id);
    }
    for (const id of ids) await t.store.deleteConversation(id);
    const live = await t.store.createConversation({ title: "Live" });
    await assertRejects(
      () => t.store.purgeConversation(live.id),
      NotFoundError,
    );
    await t.store.purgeConversation(ids[1]);
    await assertRejects(
      () => t.store.restoreConversation(ids[1]),
      NotFoundError,
    );
    await assertRejects(() => t.store.purgeConversation(ids[1]), NotFoundError);
    const newest = (await t.store.listTrash())[0].deletedAt;
    assertEquals(await t.store.emptyTrash({ before: newest }), 1);
    await t.reopen();
    assertEquals((await t.store.listTrash()).map((x) => x.title), ["New"]);
    assertEquals(await t.store.emptyTrash(), 1);
    assertEquals(await t.store.listTrash(), []);
    await assertRejects(
      () => t.store.restoreConversation(ids[2]),
      NotFoundError,
    );
    assertEquals(
      (await t.store.listConversations()).conversations.map((c) => c.title),
      ["Live"],
    );
  });

  test("delete moves to trash; restore brings it back", async () => {
    await using t = await open();
    const c = await t.store.createConversation({ title: "Bin me" });
    const m = await t.store.appendMessage(c.id, { role: "user", content: "x" });
    await t.store.deleteConversation(c.id);
    await assertRejects(() => t.store.getConversation(c.id), NotFoundError);
    await assertRejects(() => t.store.listMessages(c.id), NotFoundError);
    assertEquals((await t.store.listConversations()).conversations, []);
    assertEquals(
      (await t.store.listConversations({ q: "bin" })).conversations,
      [],
    );
    await t.reopen();
    await assertRejects(() => t.store.getConversation(c.id), NotFoundError);
    const back = await t.store.restoreConversation(c.id);
    assertEquals(back.title, "Bin me");
    assertEquals(await t.store.listMessages(c.id), [m]);
    await assertRejects(() => t.store.restoreConversation(c.id), NotFoundError);
    await t.reopen();
    assertEquals((await t.store.getConversation(c.id)).title, "Bin me");
    assertEquals(
      (await t.store.listConversations()).conversations.map((x) => x.id),
      [c.id],
    );
  });

  test("unknown ids are NotFoundError", async () => {
    await using t = await open();
    const c = await t.store.createConversation();
    const ghost = newId();
    await assertRejects(() => t.store.getConversation(ghost), NotFoundError);
    await assertRejects(() => t.store.listMessages(ghost), NotFoundError);
    await assertRejects(() => t.store.readConversation("../x"), NotFoundError);
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
      () => t.store.updateConversation(ghost, { title: "x" }),
      NotFoundError,
    );
    await assertRejects(
      () => t.store.checkpoint(c.id, ghost, "x"),
      NotFoundError,
    );
  });

  test("peekConversation: the settings as changed, NotFoundError as the others", async () => {
    await using t = await open();
    const c = await t.store.createConversation({ model: "demo" });
    const changed = await t.store.updateConversation(c.id, {
      model: "openai:gpt-4o",
      temperature: 0.2,
    });
    assertEquals(await t.store.peekConversation(c.id), changed);
    for (const id of [newId(), "../x", c.id.toUpperCase(), ""]) {
      await assertRejects(
        () => t.store.peekConversation(id),
        NotFoundError,
        "Conversation not found",
      );
    }
    await t.store.deleteConversation(c.id);
    await assertRejects(() => t.store.peekConversation(c.id), NotFoundError);
  });

  test("invalid fields name the field and change nothing", async () => {
    await using t = await open();
    const c = await t.store.createConversation({ title: "Same" });
    const before = await t.store.readConversation(c.id);
    const cases: [() => Promise<unknown>, string, string][] = [
      [
        () => t.store.createConversation({ title: "x".repeat(201) }),
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
    }
    assertEquals(await t.store.readConversation(c.id), before);
    assertEquals((await t.store.listConversations()).conversations.length, 1);
  });

  test("oversized content is PayloadTooLargeError", async () => {
    await using t = await open();
    const c = await t.store.createConversation();
    await assertRejects(
      () =>
        t.store.appendMessage(c.id, {
          role: "user",
          content: "x".repeat(LIMITS.content + 1),
        }),
      PayloadTooLargeError,
    );
    assertEquals(await t.store.listMessages(c.id), []);
  });

  test("duplicate message id is a ConflictError", async () => {
    await using t = await open();
    const c = await t.store.createConversation();
    const id = newId();
    await t.store.appendMessage(c.id, { id, role: "user", content: "a" });
    await assertRejects(
      () => t.store.appendMessage(c.id, { id, role: "user", content: "b" }),
      ConflictError,
    );
    assertEquals((await t.store.listMessages(c.id)).length, 1);
  });

  test("bad cursor and limit are ValidationErrors", async () => {
    await using t = await open();
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

  test("a closed store refuses work", async () => {
    await using t = await open();
    await t.store.close();
    await assertRejects(() => t.store.createConversation(), Error, "closed");
    await t.reopen();
    await t.store.createConversation();
  });

  test("writes queued before close() still finish", async () => {
    await using t = await open();
    const c = await t.store.createConversation();
    const pending = Array.from(
      { length: 20 },
      (_, i) => t.store.appendMessage(c.id, { role: "user", content: `${i}` }),
    );
    await t.store.close();
    assertEquals((await Promise.all(pending)).length, 20);
    await t.reopen();
    assertEquals(
      (await t.store.listMessages(c.id)).map((m) => m.content),
      Array.from({ length: 20 }, (_, i) => `${i}`),
    );
  });

  test("readConversation returns what getConversation and listMessages do", async () => {
    await using t = await open();
    const c = await t.store.createConversation({ title: "Both" });
    await t.store.appendMessage(c.id, { role: "user", content: "Q" });
    await t.store.appendMessage(c.id, { role: "assistant", content: "A" });
    const read = await t.store.readConversation(c.id);
    assertEquals(read.conversation, await t.store.getConversation(c.id));
    assertEquals(read.messages, await t.store.listMessages(c.id));
    assertEquals(read.messages.map((m) => m.content), ["Q", "A"]);
  });

  test("import keeps times, gives fresh ids, lists by its times", async () => {
    await using t = await open();
    const file = JSON.stringify({
      format: "liveaichat.conversation",
      version: 1,
      conversation: { title: "Old chat", systemPrompt: "Be exact." },
      messages: [
        { role: "user", content: "Q", createdAt: "2024-03-01T10:00:00.000Z" },
        {
          role: "assistant",
          content: "A",
          status: "streaming",
          createdAt: "2024-03-01T10:00:05.000Z",
        },
      ],
    });
    const newer = await t.store.createConversation({ title: "Today" });
    const report = await runImport(t.store, await planImport(file));
    assertEquals(report.skipped, []);
    const id = report.imported[0].id;
    const messages = await t.store.listMessages(id);
    assertEquals(messages.map((m) => [m.content, m.status]), [
      ["Q", "complete"],
      ["A", "interrupted"],
    ]);
    const c = await t.store.getConversation(id);
    assertEquals(c.updatedAt, "2024-03-01T10:00:05.000Z");
    assertEquals(c.systemPrompt, "Be exact.");
    const list = (await t.store.listConversations()).conversations;
    assertEquals(list.map((x) => x.id), [newer.id, id]);
    assertNotEquals(messages[0].id, messages[1].id);
  });

  test("putConversation keeps ids and times; an id already there is a conflict", async () => {
    await using t = await open();
    const c = await t.store.createConversation({ title: "Original" });
    const m = await t.store.appendMessage(c.id, { role: "user", content: "Q" });
    const { conversation, messages } = await t.store.readConversation(c.id);
    await assertRejects(
      () => t.store.putConversation(conversation, messages),
      ConflictError,
    );
    const copy = {
      ...conversation,
      id: newId(),
      updatedAt: "2030-01-01T00:00:00.000Z",
    };
    const put = await t.store.putConversation(copy, messages);
    assertEquals(put, { ...copy, damaged: null });
    assertEquals(await t.store.listMessages(copy.id), [m]);
    assertEquals(
      (await t.store.listConversations()).conversations[0].id,
      copy.id,
    );
    await assertRejects(
      () =>
        t.store.putConversation({ ...copy, id: newId() }, [
          { ...m, role: "robot" as "user" },
        ]),
      ValidationError,
      "message 1: role",
    );
  });

  test("many appends at once land whole and in call order", async () => {
    await using t = await open();
    const c = await t.store.createConversation();
    const contents = Array.from(
      { length: 60 },
      (_, i) => `message ${i}, "quoted"\n${"x".repeat(i * 37)}`,
    );
    const written = await Promise.all(
      contents.map((content) =>
        t.store.appendMessage(c.id, { role: "user", content })
      ),
    );
    assertEquals(written.map((m) => m.content), contents);
    await t.reopen();
    assertEquals(await t.store.listMessages(c.id), written);
  });
}

/** The same calls on a store, with a test clock and ids. */
async function history(store: import("../../lib/store/mod.ts").ChatStore) {
  const c = await store.createConversation({
    title: "Ünïcode & Formulas!",
    systemPrompt: "Be exact.\nAlways.",
    model: "demo",
    temperature: 0.3,
  });
  const contents = ['=HYPERLINK("x")', "+1", 'plain, "quoted"\r\nnext', "@x"];
  for (const [i, content] of contents.entries()) {
    await store.appendMessage(c.id, {
      role: i % 2 ? "assistant" : "user",
      content,
      model: i % 2 ? "demo" : null,
    });
  }
  const r = await store.appendMessage(c.id, {
    role: "assistant",
    content: "",
    status: "streaming",
    model: "demo",
  });
  await store.checkpoint(c.id, r.id, "partial");
  await store.updateMessage(c.id, r.id, {
    status: "stopped",
    content: "partial text",
    finishReason: "stopped",
    promptTokens: 5,
    completionTokens: 2,
  });
  await store.updateConversation(c.id, { pinned: true, title: "Renamed" });
  return await store.readConversation(c.id);
}

Deno.test("Store contract - exports are byte-identical on every backend", async () => {
  const bodies: string[][] = [];
  for (const backend of BACKENDS) {
    await using t = await backend.open({
      now: steppingClock(),
      newId: countingIds(),
    });
    const { conversation, messages } = await history(t.store);
    bodies.push(
      (["csv", "md", "json"] as const).map((format) =>
        exportConversation(conversation, messages, format).body
      ),
    );
  }
  assertEquals(bodies[0].length, 3);
  assert(bodies[0][2].includes('"status": "stopped"'));
  assertEquals(bodies[1], bodies[0]);
});
