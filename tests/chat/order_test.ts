import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { NotFoundError } from "../../lib/errors.ts";
import { readEvents } from "./helpers.ts";
import { counted, mockSource, waitFor, withChat } from "./helpers.ts";
import { startOpenAIMock } from "../ai/mock_providers.ts";
import { withServer } from "./server.ts";

Deno.test("Chat order - a rename during the first reply is not overwritten by the automatic title", async () => {
  await withChat({ delayMs: 1 }, async ({ store, chat }) => {
    const { id } = await store.createConversation();
    const run = await chat.send(id, { content: "count to 300" });
    await waitFor(() => run.text.length > 10);
    await chat.updateConversation(id, { title: "My own name" });
    await run.finished;
    await readEvents(run.subscribe());
    assertEquals((await store.getConversation(id)).title, "My own name");
  });
});

Deno.test("Chat order - a hanging title request does not hold back done or the next send", async () => {
  const mock = startOpenAIMock();
  mock.scenario = { ...mock.scenario, tokens: ["Hi", " there"] };
  mock.scenario.fault = "hang-title";
  try {
    await withChat({
      sources: [mockSource(mock)],
      service: { titleTimeoutMs: 120_000 },
    }, async ({ store, chat }) => {
      const { id } = await store.createConversation();
      const run = await chat.send(id, {
        content: "hello",
        model: "openai:gpt-mock",
      });
      await run.finished;
      // The title request is still open: done did not wait for it.
      await waitFor(() => mock.openTitles() === 1, 60_000);
      assertEquals(run.status, "complete");
      assertEquals((await store.listMessages(id)).at(-1)?.content, "Hi there");
      const next = await chat.send(id, { content: "again" });
      await next.finished;
      assertEquals(next.status, "complete");
      // The log stays open for a late title; until then the question's
      // first words, given at the start, are the title.
      assertEquals(run.eventsAfter().at(-1)?.type, "done");
      assertEquals((await store.getConversation(id)).title, "Hello");
    });
  } finally {
    await mock.close();
  }
});

Deno.test("Chat order - a delete racing a send: the running reply is stored in the trash, the send is refused", async () => {
  await withChat({ delayMs: 1 }, async ({ store, chat }) => {
    const { id } = await store.createConversation({ title: "Doomed" });
    const run = await chat.send(id, { content: "count to 5000" });
    await waitFor(() => run.text.length > 20);
    const deleting = chat.deleteConversation(id);
    const racing = chat.send(id, { content: "one more" }).then(
      () => null,
      (error) => error,
    );
    await deleting;
    assert((await racing) instanceof NotFoundError);
    await assertRejects(
      () => chat.send(id, { content: "late" }),
      NotFoundError,
    );
    await store.restoreConversation(id);
    const messages = await store.listMessages(id);
    assertEquals(messages.map((m) => m.role), ["user", "assistant"]);
    const reply = messages[1];
    assertEquals(reply.status, "stopped");
    assert(
      reply.content.length > 20 && counted(5000).startsWith(reply.content),
    );
  });
});

Deno.test("Chat order - a delete while a send is being set up waits for it and keeps its reply", async () => {
  await withChat({ delayMs: 1 }, async ({ store, chat }) => {
    const { id } = await store.createConversation();
    const sending = chat.send(id, { content: "count to 5000" });
    const deleting = chat.deleteConversation(id);
    const run = await sending;
    await deleting;
    assertEquals(run.status, "stopped");
    await store.restoreConversation(id);
    const messages = await store.listMessages(id);
    assertEquals(messages.map((m) => m.role), ["user", "assistant"]);
    assertEquals(messages[1].status, "stopped");
  });
});

Deno.test("Chat order - refused sends and an unknown model in PATCH or create store nothing", async () => {
  await withServer({}, async ({ base, services, newConversation, post }) => {
    const id = await newConversation();
    const refused = [
      { content: "" },
      { content: "hi", model: "nope" },
      { content: "hi", editMessageId: "01900000-0000-7000-8000-000000000000" },
      { content: 42 },
    ];
    for (const body of refused) {
      const response = await post(`/api/conversations/${id}/messages`, body);
      assertEquals(response.status, 400, JSON.stringify(body));
      await response.body?.cancel();
    }
    assertEquals(await services.store.listMessages(id), []);

    const patch = await fetch(`${base}/api/conversations/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "openai:no-such-model" }),
    });
    assertEquals(patch.status, 400);
    assert(
      (await patch.json()).error.startsWith(
        'Unknown model "openai:no-such-model"',
      ),
    );
    assertEquals((await services.store.getConversation(id)).model, null);
    const ok = await fetch(`${base}/api/conversations/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ model: "demo" }),
    });
    assertEquals((await ok.json()).model, "demo");

    const before = (await services.store.listConversations({})).conversations
      .length;
    for (const model of ["openai:no-such-model", "../../etc/passwd"]) {
      const create = await post("/api/conversations", { model });
      assertEquals(create.status, 400, model);
      assertStringIncludes((await create.json()).error, "Unknown model");
    }
    assertEquals(
      (await services.store.listConversations({})).conversations.length,
      before,
    );
  });
});
