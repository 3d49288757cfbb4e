import { assert, assertEquals, assertLess, assertMatch } from "@std/assert";
import type { MockFault } from "../ai/mock_providers.ts";
import { startAnthropicMock, startOpenAIMock } from "../ai/mock_providers.ts";
import { AnthropicSource, createGuardedFetch } from "../../lib/ai/mod.ts";
import {
  deltaText,
  mockSource,
  readEvents,
  waitFor,
  withChat,
} from "./helpers.ts";

const faults: [MockFault, RegExp][] = [
  ["401", /rejected the API key/],
  ["403", /rejected the API key/],
  ["404", /does not know the model "gpt-mock"/],
  ["429", /rate-limiting requests \(HTTP 429\); retry after 3 s/],
  ["500", /server error \(HTTP 500\)/],
  ["hang-headers", /did not answer within/],
  ["idle", /stopped sending for/],
  ["malformed", /malformed chunk/],
  ["cut", /cut in the middle of the reply/],
  ["end-early", /cut in the middle of the reply/],
];

Deno.test("Chat faults - each provider fault ends the reply with an error event and a stored status", async () => {
  const mock = startOpenAIMock();
  try {
    await withChat({ sources: [mockSource(mock)] }, async ({ store, chat }) => {
      const { id } = await store.createConversation({
        title: "t",
        model: "openai:gpt-mock",
      });
      for (const [fault, message] of faults) {
        mock.scenario.fault = fault;
        mock.scenario.retryAfter = "3";
        const started = performance.now();
        const run = await chat.send(id, { content: `try ${fault}` });
        const events = await readEvents(run.subscribe());
        assertLess(performance.now() - started, 2000, fault);
        const last = events.at(-1);
        assert(last?.type === "error", `${fault}: ${JSON.stringify(last)}`);
        assertMatch(last.message, message, fault);
        const reply = (await store.listMessages(id)).at(-1)!;
        assertEquals(reply.status, "error", fault);
        assertEquals(reply.error, last.message);
        // Text that arrived before the fault is kept.
        assertEquals(reply.content, deltaText(events), fault);
        if (["idle", "malformed", "cut", "end-early"].includes(fault)) {
          assert(reply.content.startsWith("Hello"), fault);
        }
        assertEquals(chat.isRunning(id), false);
      }
      // The next send works.
      mock.scenario.fault = undefined;
      const run = await chat.send(id, { content: "and now?" });
      const events = await readEvents(run.subscribe());
      assertEquals(deltaText(events), "Hello, world!");
      const done = events.at(-1);
      assert(done?.type === "done");
      assertEquals(done.usage, { promptTokens: 11, completionTokens: 4 });
      // Failed replies were not sent back to the model as context.
      const lastRequest = mock.requests.at(-1)!.body!;
      const sent = JSON.stringify(lastRequest.messages);
      assert(sent.includes("and now?"));
      assert(
        sent.includes("Hello"),
        "partial text of a failed reply is context",
      );
    });
  } finally {
    await mock.close();
  }
});

Deno.test("Chat faults - stop reaches the provider: the mock sees its connection closed long before the reply would end", async () => {
  const mock = startOpenAIMock();
  mock.scenario.tokens = Array.from({ length: 500 }, (_, i) => `w${i} `);
  mock.scenario.delayMs = 20;
  try {
    await withChat({ sources: [mockSource(mock)] }, async ({ store, chat }) => {
      const { id } = await store.createConversation({ title: "t" });
      const run = await chat.send(id, {
        content: "long please",
        model: "openai:gpt-mock",
      });
      await waitFor(() => run.text.split(" ").length > 3);
      const stoppedAt = performance.now();
      await chat.stop(id);
      // The reply had 10 s to go: a hang-up within half of that came from
      // the stop (with room for a slow machine), not from the stream's end.
      await waitFor(() => mock.hangUps.length > 0, 5000);
      assertLess(mock.hangUps[0] - stoppedAt, 5000);
      await waitFor(() => mock.openStreams() === 0, 5000);
      const reply = (await store.listMessages(id)).at(-1)!;
      assertEquals(reply.status, "stopped");
      assertEquals(reply.content, run.text);
      assert(reply.content.startsWith("w0 w1 w2"));
      // The conversation remembers the model picked for it.
      assertEquals((await store.getConversation(id)).model, "openai:gpt-mock");
    });
  } finally {
    await mock.close();
  }
});

Deno.test("Chat faults - Anthropic replies stream, fail and title like the others", async () => {
  const mock = startAnthropicMock();
  mock.scenario.generateText = "Saying Hello";
  try {
    const source = new AnthropicSource({
      apiKey: "ak-test",
      baseUrl: mock.url,
      fetch: createGuardedFetch({ connectTimeoutMs: 400, idleTimeoutMs: 300 }),
    });
    await withChat({ sources: [source] }, async ({ store, chat }) => {
      const { id } = await store.createConversation({
        model: "anthropic:claude-mock",
        systemPrompt: "Answer in French.",
      });
      const events = await readEvents(
        (await chat.send(id, { content: "hi" })).subscribe(),
      );
      assertEquals(deltaText(events), "Hello, world!");
      assertEquals(
        events.filter((e) => e.type === "title").map((e) =>
          e.type === "title" && e.title
        ),
        ["Hi", "Saying Hello"],
      );
      const streamed = mock.requests.find((r) => r.body?.stream === true)!;
      assertEquals(streamed.body?.system, [{
        type: "text",
        text: "Answer in French.",
      }]);
      mock.scenario.fault = "idle";
      const failed = await readEvents(
        (await chat.send(id, { content: "again" })).subscribe(),
      );
      const last = failed.at(-1);
      assert(last?.type === "error");
      assertMatch(last.message, /stopped sending/);
      assertEquals((await store.listMessages(id)).at(-1)?.content, "Hello");
    });
  } finally {
    await mock.close();
  }
});
