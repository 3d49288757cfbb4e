import { assert, assertEquals, assertMatch } from "@std/assert";
import { startAnthropicMock, startOpenAIMock } from "../ai/mock_providers.ts";
import { AnthropicSource, createGuardedFetch } from "../../lib/ai/mod.ts";
import { mockSource, readEvents, withChat } from "./helpers.ts";

const cases = [
  ["empty", /sent no reply at all \(an empty stream\)/],
  ["html", /answered with a text\/html page instead of a reply/],
  ["not-json", /malformed chunk/],
] as const;

Deno.test("Chat faults - a 200 answer that is empty, HTML or not JSON says what happened", async () => {
  const openai = startOpenAIMock();
  const anthropic = startAnthropicMock();
  try {
    const sources = [
      mockSource(openai),
      new AnthropicSource({
        apiKey: "ak-test",
        baseUrl: anthropic.url,
        fetch: createGuardedFetch({
          connectTimeoutMs: 400,
          idleTimeoutMs: 300,
        }),
      }),
    ];
    await withChat({ sources }, async ({ store, chat }) => {
      for (const model of ["openai:gpt-mock", "anthropic:claude-mock"]) {
        const { id } = await store.createConversation({ title: "t", model });
        for (const [fault, message] of cases) {
          openai.scenario.fault = fault;
          anthropic.scenario.fault = fault;
          const run = await chat.send(id, { content: `try ${fault}` });
          const last = (await readEvents(run.subscribe())).at(-1);
          assert(last?.type === "error", `${model} ${fault}`);
          assertMatch(last.message, message, `${model} ${fault}`);
          assert(!/connection .* was cut/.test(last.message), last.message);
          const reply = (await store.listMessages(id)).at(-1)!;
          assertEquals([reply.status, reply.error], ["error", last.message]);
        }
      }
    });
  } finally {
    await openai.close();
    await anthropic.close();
  }
});
