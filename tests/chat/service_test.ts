import {
  assert,
  assertEquals,
  assertGreater,
  assertInstanceOf,
  assertLess,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { AppError } from "../../lib/errors.ts";
import {
  type ChatStore,
  ConflictError,
  newId,
  NotFoundError,
  openCsvStore,
  PayloadTooLargeError,
  ValidationError,
} from "../../lib/store/mod.ts";
import {
  type ChatEvent,
  ChatService,
  type ReplyRun,
} from "../../lib/chat/mod.ts";
import { DemoLanguageModel, ModelRegistry } from "../../lib/ai/mod.ts";
import {
  counted,
  deltaText,
  gate,
  readEvents,
  spyStore,
  waitFor,
  withChat,
} from "./helpers.ts";

function assertContiguous(events: readonly ChatEvent[], from = 0) {
  assertEquals(
    events.map((e) => e.seq),
    Array.from({ length: events.length }, (_, i) => from + i),
  );
}

Deno.test("Chat service - send streams start, deltas, title, done and stores all", async () => {
  await withChat({}, async ({ store, chat }) => {
    const conversation = await store.createConversation();
    const run = await chat.send(conversation.id, {
      content: "What is NDJSON?",
    });
    const events = await readEvents(run.subscribe());
    assertContiguous(events);
    const [start, ...rest] = events;
    assertEquals(start, {
      type: "start",
      seq: 0,
      conversationId: conversation.id,
      messageId: run.messageId,
      userMessageId: run.userMessageId,
      model: "demo",
    });
    // The question's first words name the chat as soon as it starts.
    const title = rest[0];
    const done = rest.at(-1);
    assertEquals(title?.type, "title");
    assert(done?.type === "done");
    assertEquals(done.status, "complete");
    assertEquals(done.finishReason, "stop");
    const deltas = rest.filter((e) => e.type === "delta");
    assertEquals(done.usage.completionTokens, deltas.length);
    assertStringIncludes(deltaText(events), "What is NDJSON?");

    const [user, reply] = await store.listMessages(conversation.id);
    assertEquals(user.id, run.userMessageId);
    assertEquals(user.content, "What is NDJSON?");
    assertEquals(reply.id, run.messageId);
    assertEquals(reply.role, "assistant");
    assertEquals(reply.content, deltaText(events));
    assertEquals(reply.status, "complete");
    assertEquals(reply.model, "demo");
    assertEquals(reply.finishReason, "stop");
    assertEquals(reply.completionTokens, deltas.length);
    assertEquals(
      (await store.getConversation(conversation.id)).title,
      "What is NDJSON",
    );
    assert(title?.type === "title");
    assertEquals(title.title, "What is NDJSON");
  });
});

Deno.test("Chat service - a failed first reply keeps the question's words as title", async () => {
  await withChat({}, async ({ store, chat }) => {
    const conversation = await store.createConversation();
    const run = await chat.send(conversation.id, { content: "Plan my trip" });
    run.abort("interrupted");
    await run.finished;
    assertEquals(
      (await store.getConversation(conversation.id)).title,
      "Plan my trip",
    );
  });
});

Deno.test("Chat service - the first delta does not wait for the new chat's title to be written", async () => {
  const held = gate();
  await withChat({
    delayMs: 5,
    wrapStore: (store) =>
      spyStore(store, { beforeConversationUpdate: () => held.opened }),
  }, async ({ store, chat }) => {
    const conversation = await store.createConversation();
    const timeout = new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error("the reply waited")), 3000)
    );
    const run = await Promise.race([
      chat.send(conversation.id, { content: "Plan my trip" }),
      timeout,
    ]);
    // Start, title and a delta arrive while the title's write is held.
    const reader = run.subscribe().getReader();
    let text = "";
    while (!text.includes('"delta"')) {
      const { value } = await Promise.race([reader.read(), timeout]);
      text += new TextDecoder().decode(value);
    }
    assertStringIncludes(text, '"title":"Plan my trip"');
    held.open();
    while (!(await reader.read()).done);
    // `done` came after the title was stored.
    assertEquals(
      (await store.getConversation(conversation.id)).title,
      "Plan my trip",
    );
  });
});

Deno.test("Chat service - a title set during the first reply is kept", async () => {
  await withChat({ delayMs: 5 }, async ({ store, chat }) => {
    const conversation = await store.createConversation();
    const run = await chat.send(conversation.id, { content: "Plan my trip" });
    await store.updateConversation(conversation.id, { title: "Lisbon" });
    const events = await readEvents(run.subscribe());
    assertEquals(
      events.filter((e) => e.type === "title").map((e) =>
        e.type === "title" && e.title
      ),
      ["Plan my trip"],
    );
    assertEquals(
      (await store.getConversation(conversation.id)).title,
      "Lisbon",
    );
  });
});

Deno.test("Chat service - no title event once the conversation has one", async () => {
  await withChat({}, async ({ store, chat }) => {
    const named = await store.createConversation({ title: "Kept" });
    const events = await readEvents(
      (await chat.send(named.id, { content: "hi" })).subscribe(),
    );
    assertEquals(events.filter((e) => e.type === "title"), []);
    assertEquals((await store.getConversation(named.id)).title, "Kept");

    const fresh = await store.createConversation();
    await (await chat.send(fresh.id, { content: "first question" })).finished;
    const second = await readEvents(
      (await chat.send(fresh.id, { content: "second question" })).subscribe(),
    );
    assertEquals(second.filter((e) => e.type === "title"), []);
    assertEquals(
      (await store.getConversation(fresh.id)).title,
      "First question",
    );
  });
});

Deno.test("Chat service - one reply per conversation: a second send is a 409", async () => {
  await withChat({ delayMs: 2 }, async ({ store, chat }) => {
    const a = await store.createConversation();
    const b = await store.createConversation();
    // Racing sends: exactly one wins, even before the first await settles.
    const results = await Promise.allSettled([
      chat.send(a.id, { content: "count to 20" }),
      chat.send(a.id, { content: "count to 20" }),
    ]);
    assertEquals(results.filter((r) => r.status === "fulfilled").length, 1);
    const rejected = results.find((r) => r.status === "rejected");
    assertInstanceOf(rejected?.reason, ConflictError);
    assertEquals(rejected.reason.status, 409);
    // Another conversation is not blocked.
    const other = await chat.send(b.id, { content: "count to 5" });
    await other.finished;
    const first = results.find((r) => r.status === "fulfilled")!;
    await first.value.finished;
    // Only one user message was stored in `a`.
    assertEquals((await store.listMessages(a.id)).map((m) => m.role), [
      "user",
      "assistant",
    ]);
    // Once done, the conversation takes a new message.
    await (await chat.send(a.id, { content: "again" })).finished;
  });
});

Deno.test("Chat service - bad input is refused before anything is stored", async () => {
  await withChat(
    { service: { maxMessageChars: 20 } },
    async ({ store, chat }) => {
      const conversation = await store.createConversation();
      const id = conversation.id;
      for (const content of ["", "   \n\t ", undefined, 42, null]) {
        const error = await assertRejects(
          () => chat.send(id, { content }),
          ValidationError,
        );
        assertEquals(error.status, 400);
      }
      await assertRejects(
        () => chat.send(id, { content: "x".repeat(21) }),
        PayloadTooLargeError,
        "limit is 20",
      );
      const unknown = await assertRejects(
        () => chat.send(id, { content: "hi", model: "openai:gpt-9" }),
        ValidationError,
      );
      assertStringIncludes(unknown.message, 'Unknown model "openai:gpt-9"');
      assertStringIncludes(unknown.message, "Available models: demo.");
      await assertRejects(
        () => chat.send(id, { content: "hi", model: 7 }),
        ValidationError,
      );
      await assertRejects(
        () => chat.send(newId(), { content: "hi" }),
        NotFoundError,
      );
      await assertRejects(
        () => chat.send(id, { content: "hi", editMessageId: newId() }),
        ValidationError,
        "editMessageId",
      );
      assertEquals(await store.listMessages(id), []);
      assertEquals(chat.isRunning(id), false);
      // Still usable afterwards.
      await (await chat.send(id, { content: "x".repeat(20) })).finished;
    },
  );
});

Deno.test("Chat service - stop keeps the text so far, status stopped", async () => {
  await withChat({ delayMs: 2 }, async ({ store, chat }) => {
    const { id } = await store.createConversation();
    const run = await chat.send(id, { content: "count to 5000" });
    await waitFor(() => run.text.length > 20);
    const stopped = await chat.stop(id);
    assertEquals(stopped, run);
    assertEquals(run.status, "stopped");
    const events = run.eventsAfter();
    const done = events.at(-1);
    assert(done?.type === "done");
    assertEquals(done.status, "stopped");
    assertEquals(done.finishReason, "stopped");
    const reply = (await store.listMessages(id)).at(-1)!;
    assertEquals(reply.status, "stopped");
    assertEquals(reply.content, deltaText(events));
    assert(counted(5000).startsWith(reply.content));
    assertLess(reply.content.length, counted(5000).length);
    // Stop with nothing running.
    assertEquals(await chat.stop(id), undefined);
    // The next send works, and sees the stopped text as context.
    const next = await chat.send(id, { content: "go on" });
    assertEquals(await next.finished, "complete");
  });
});

Deno.test("Chat service - the reply outlives its subscriber; reattach replays exactly once", async () => {
  await withChat({ delayMs: 1 }, async ({ store, chat }) => {
    const { id } = await store.createConversation({ title: "t" });
    const run = await chat.send(id, { content: "count to 300" });
    const seen: ChatEvent[] = [];
    let last = -1;
    const decoder = new TextDecoder();
    // Leave and come back many times, at arbitrary points.
    while (run.status === "running" || last < run.lastSeq) {
      const reader = run.subscribe(last).getReader();
      let buffer = "";
      const reads = 1 + Math.floor(Math.random() * 3);
      for (let i = 0; i < reads; i++) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value);
      }
      await reader.cancel();
      // Only complete lines count; a partial line will be replayed.
      const complete = buffer.slice(0, buffer.lastIndexOf("\n") + 1);
      for (const line of complete.split("\n").filter(Boolean)) {
        const event = JSON.parse(line) as ChatEvent;
        seen.push(event);
        last = event.seq;
      }
      await new Promise((r) => setTimeout(r, Math.random() * 10));
    }
    assertContiguous(seen);
    assertEquals(seen.at(-1)?.type, "done");
    assertEquals(deltaText(seen), counted(300));
    assertEquals((await store.listMessages(id)).at(-1)?.content, counted(300));
    assertEquals(chat.currentRun(id), run);
  });
});

Deno.test("Chat service - regenerate adds a reply beside the old one", async () => {
  await withChat({}, async ({ store, chat }) => {
    const { id } = await store.createConversation();
    await assertRejects(() => chat.regenerate(id), ValidationError);
    await (await chat.send(id, { content: "count to 3" })).finished;
    const before = await store.listMessages(id);
    const run = await chat.regenerate(id);
    assertEquals(run.userMessageId, before[0].id);
    assertEquals(await run.finished, "complete");
    const after = await store.listMessages(id);
    assertEquals(after.map((m) => m.role), ["user", "assistant", "assistant"]);
    assertEquals(after.slice(0, 2), before);
    assertEquals(after[2].parentId, before[0].id);
    assertEquals(after[2].content, "1 2 3");
    assertEquals((await store.getConversation(id)).leafId, after[2].id);
  });
});

Deno.test("Chat service - editing a user message adds a version; what followed stays", async () => {
  await withChat({}, async ({ store, chat }) => {
    const { id } = await store.createConversation();
    const first = await chat.send(id, { content: "count to 2" });
    await first.finished;
    await (await chat.send(id, { content: "count to 3" })).finished;
    assertEquals((await store.listMessages(id)).length, 4);
    const edited = await chat.send(id, {
      content: "count to 4",
      editMessageId: first.userMessageId,
    });
    assert(edited.userMessageId !== first.userMessageId);
    await edited.finished;
    const messages = await store.listMessages(id);
    assertEquals(
      messages.map((m) => [m.role, m.content, m.parentId]),
      [
        ["user", "count to 2", null],
        ["assistant", "1 2", first.userMessageId],
        ["user", "count to 3", first.messageId],
        ["assistant", "1 2 3", messages[2].id],
        ["user", "count to 4", null],
        ["assistant", "1 2 3 4", edited.userMessageId],
      ],
    );
  });
});

Deno.test("Chat service - checkpoints the partial reply at most every 500 ms", async () => {
  const saves: { at: number; content: string }[] = [];
  const finish = gate();
  await withChat({
    delayMs: 4,
    wrapStore: (store) =>
      spyStore(store, {
        onCheckpoint: (content) =>
          saves.push({ at: performance.now(), content }),
        beforeComplete: () => finish.opened,
      }),
  }, async ({ store, chat }) => {
    const { id } = await store.createConversation({ title: "t" });
    const run = await chat.send(id, { content: "count to 260" });
    await waitFor(() => saves.length >= 1, 3000);
    // On disk while it streams: the text so far, marked streaming.
    const partial = (await store.listMessages(id)).at(-1)!;
    assertEquals(partial.status, "streaming");
    assert(
      partial.content.length > 0 && counted(260).startsWith(partial.content),
    );
    finish.open();
    await run.finished;
    assertGreater(saves.length, 0);
    for (let i = 1; i < saves.length; i++) {
      assertGreater(saves[i].at - saves[i - 1].at, 490);
    }
    const elapsedCap = Math.ceil(
      (saves.at(-1)!.at - saves[0].at) / 500,
    ) + 1;
    assert(saves.length <= elapsedCap);
    const final = (await store.listMessages(id)).at(-1)!;
    assertEquals(final.status, "complete");
    assertEquals(final.content, counted(260));
  });
});

Deno.test("Chat service - shutdown stores running replies as interrupted", async () => {
  const dir = await Deno.makeTempDir({ prefix: "chat_shutdown_" });
  try {
    const store = await openCsvStore({ dataDir: dir, log: () => {} });
    const chat = new ChatService({
      store,
      models: new ModelRegistry({
        demo: new DemoLanguageModel({ tokenDelayMs: 3 }),
      }),
      log: () => {},
    });
    const ids: string[] = [];
    const runs: ReplyRun[] = [];
    for (let i = 0; i < 3; i++) {
      const { id } = await store.createConversation({ title: `c${i}` });
      ids.push(id);
      runs.push(await chat.send(id, { content: "count to 5000" }));
    }
    await waitFor(() => runs.every((r) => r.text.length > 10));
    await chat.shutdown();
    for (const run of runs) {
      assertEquals(run.status, "interrupted");
      const done = run.eventsAfter().at(-1);
      assert(done?.type === "done");
      assertEquals(done.status, "interrupted");
    }
    const refused = await assertRejects(
      () => chat.send(ids[0], { content: "hi" }),
      AppError,
    );
    assertEquals(refused.status, 503);
    await store.close();
    // What is on disk once the process is gone.
    const reopened = await openCsvStore({ dataDir: dir, log: () => {} });
    try {
      for (const [i, id] of ids.entries()) {
        const reply = (await reopened.listMessages(id)).at(-1)!;
        assertEquals(reply.status, "interrupted");
        assertEquals(reply.content, runs[i].text);
        assert(reply.content.length > 10);
      }
    } finally {
      await reopened.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Chat service - 50 conversations streaming at once", async () => {
  // Finished replies wait at a gate before they are stored, so all 50 are
  // still running when the last send returns, however slow the machine.
  const finish = gate();
  const wrapStore = (store: ChatStore) =>
    spyStore(store, { beforeComplete: () => finish.opened });
  await withChat({ delayMs: 1, wrapStore }, async ({ store, chat }) => {
    const conversations = await Promise.all(
      Array.from(
        { length: 50 },
        (_, i) => store.createConversation({ title: `c${i}` }),
      ),
    );
    const runs = await Promise.all(
      conversations.map((c, i) =>
        chat.send(c.id, { content: `count to ${40 + i}` })
      ),
    );
    assertEquals(chat.runningCount, 50);
    finish.open();
    const streams = await Promise.all(
      runs.map((run) => readEvents(run.subscribe())),
    );
    for (const [i, events] of streams.entries()) {
      assertContiguous(events);
      assertEquals(deltaText(events), counted(40 + i));
      assertEquals(events.at(-1)?.type, "done");
      const reply = (await store.listMessages(conversations[i].id)).at(-1)!;
      assertEquals(reply.content, counted(40 + i));
      assertEquals(reply.status, "complete");
    }
    assertEquals(chat.runningCount, 0);
  });
});
