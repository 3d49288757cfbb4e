import {
  assert,
  assertEquals,
  assertInstanceOf,
  assertLess,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import {
  AnthropicSource,
  createGuardedFetch,
  generateTitle,
  ModelRegistry,
  OpenAISource,
  ProviderError,
  streamReply,
} from "../../lib/ai/mod.ts";
import type { ModelSource, ReplyPart } from "../../lib/ai/mod.ts";
import {
  type MockFault,
  type MockProvider,
  startAnthropicMock,
  startOpenAIMock,
} from "./mock_providers.ts";

interface Flavour {
  name: "openai" | "anthropic";
  start(): MockProvider;
  source(mock: MockProvider, fetch: typeof globalThis.fetch): ModelSource;
}

const flavours: Flavour[] = [
  {
    name: "openai",
    start: () => startOpenAIMock(),
    source: (mock, fetch) =>
      new OpenAISource({ apiKey: "sk-test", baseUrl: mock.url, fetch }),
  },
  {
    name: "anthropic",
    start: () => startAnthropicMock(),
    source: (mock, fetch) =>
      new AnthropicSource({ apiKey: "ak-test", baseUrl: mock.url, fetch }),
  },
];

async function withProvider(
  flavour: Flavour,
  fn: (
    ctx: { mock: MockProvider; registry: ModelRegistry; id: string },
  ) => Promise<void>,
) {
  const mock = flavour.start();
  const fetch = createGuardedFetch({
    connectTimeoutMs: 400,
    idleTimeoutMs: 300,
  });
  const registry = new ModelRegistry({
    sources: [flavour.source(mock, fetch)],
  });
  try {
    await fn({ mock, registry, id: `${flavour.name}:${mock.models[0]}` });
  } finally {
    await mock.close();
  }
}

async function run(
  registry: ModelRegistry,
  id: string,
  signal?: AbortSignal,
): Promise<{ parts: ReplyPart[]; error?: unknown }> {
  const { model } = await registry.resolve(id);
  const parts: ReplyPart[] = [];
  try {
    const messages = [{ role: "user" as const, content: "Say hello" }];
    for await (
      const part of streamReply(model, {
        system: "Be brief.",
        messages,
        abortSignal: signal,
      })
    ) parts.push(part);
    return { parts };
  } catch (error) {
    return { parts, error };
  }
}

const text = (parts: ReplyPart[]) =>
  parts.map((p) => (p.type === "text" ? p.text : "")).join("");

const faults: [MockFault, string, RegExp][] = [
  ["401", "auth", /rejected the API key \(HTTP 401\)/],
  ["403", "auth", /rejected the API key \(HTTP 403\)/],
  ["404", "model-not-found", /does not know the model ".+" \(HTTP 404\)/],
  ["429", "rate-limit", /rate-limiting.*retry after 7 s/],
  ["500", "server", /server error \(HTTP 500\)/],
  ["hang-headers", "connect-timeout", /did not answer within 0\.4 s/],
  ["idle", "idle-timeout", /stopped sending for 0\.3 s/],
  ["malformed", "malformed", /malformed chunk/],
  ["cut", "cut", /cut in the middle of the reply/],
  ["end-early", "cut", /cut in the middle of the reply/],
];

for (const flavour of flavours) {
  Deno.test(`Providers - ${flavour.name} streams tokens and usage`, async () => {
    await withProvider(flavour, async ({ mock, registry, id }) => {
      mock.scenario.tokens = ["Hi", " there", ", ", "friend"];
      mock.scenario.inputTokens = 17;
      const { parts, error } = await run(registry, id);
      assertEquals(error, undefined);
      assertEquals(
        parts.filter((p) => p.type === "text").map((p) =>
          p.type === "text" && p.text
        ),
        ["Hi", " there", ", ", "friend"],
      );
      assertEquals(parts.at(-1), {
        type: "finish",
        finishReason: "stop",
        usage: { inputTokens: 17, outputTokens: 4 },
      });
      const sent = mock.requests.find((r) => r.method === "POST")!;
      assertEquals(sent.body?.model, mock.models[0]);
      assertEquals(sent.body?.stream, true);
      assertStringIncludes(JSON.stringify(sent.body), "Be brief.");
      assertStringIncludes(JSON.stringify(sent.body), "Say hello");
      if (flavour.name === "openai") {
        assertEquals(sent.headers.get("authorization"), "Bearer sk-test");
      } else {
        assertEquals(sent.headers.get("x-api-key"), "ak-test");
      }
    });
  });

  Deno.test(`Providers - ${flavour.name} faults become clear messages`, async () => {
    await withProvider(flavour, async ({ mock, registry, id }) => {
      for (const [fault, kind, message] of faults) {
        mock.scenario.fault = fault;
        mock.scenario.retryAfter = "7";
        const started = performance.now();
        const { parts, error } = await run(registry, id);
        assertInstanceOf(error, ProviderError, `fault ${fault}`);
        assertEquals(error.kind, kind, `fault ${fault}: ${error.message}`);
        assert(message.test(error.message), `fault ${fault}: ${error.message}`);
        // First line: one short sentence saying what to do; details after.
        const [sentence] = error.message.split("\n");
        assert(
          sentence.length <= 120 && /[.?]$/.test(sentence),
          `fault ${fault}: ${sentence}`,
        );
        assertLess(performance.now() - started, 2000, `fault ${fault} hung`);
        if (fault === "429") assertEquals(error.retryAfterSeconds, 7);
        if (["idle", "malformed", "cut", "end-early"].includes(fault)) {
          // The text before the fault is still delivered.
          assert(text(parts).startsWith("Hello"), `fault ${fault}`);
        }
      }
      // After every fault the next call works.
      mock.scenario.fault = undefined;
      const { parts, error } = await run(registry, id);
      assertEquals(error, undefined);
      assertEquals(text(parts), "Hello, world!");
    });
  });

  Deno.test(`Providers - ${flavour.name} server not running: one sentence, details after`, async () => {
    const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    const port = (listener.addr as Deno.NetAddr).port;
    listener.close(); // nothing listens there any more
    const fetch = createGuardedFetch({ connectTimeoutMs: 2000 });
    const base = flavour.name === "openai"
      ? `http://127.0.0.1:${port}/v1`
      : `http://127.0.0.1:${port}`;
    const mock = { url: base } as MockProvider;
    const registry = new ModelRegistry({
      sources: [flavour.source(mock, fetch)],
    });
    const id = `${flavour.name}:some-model`;
    const { error } = await run(registry, id).catch((error) => ({ error }));
    assertInstanceOf(error, ProviderError);
    assertEquals(error.kind, "connect");
    const [sentence, ...details] = error.message.split("\n");
    assertEquals(
      sentence,
      `Could not reach the model server at 127.0.0.1:${port}. Is it running?`,
    );
    assert(details.join("\n").length > 0, "the raw error is kept as detail");
  });

  Deno.test(`Providers - ${flavour.name} stop closes the provider connection long before the reply would end`, async () => {
    await withProvider(flavour, async ({ mock, registry, id }) => {
      // 12 s of reply: a hang-up within 5 s of the abort came from it.
      mock.scenario.tokens = Array.from({ length: 600 }, (_, i) => `t${i} `);
      mock.scenario.delayMs = 20;
      const controller = new AbortController();
      let stoppedAt = 0;
      const { model } = await registry.resolve(id);
      const consumed = (async () => {
        let n = 0;
        const messages = [{ role: "user" as const, content: "go" }];
        for await (
          const part of streamReply(model, {
            messages,
            abortSignal: controller.signal,
          })
        ) {
          if (part.type === "text" && ++n === 3) {
            stoppedAt = performance.now();
            controller.abort();
          }
        }
      })();
      await assertRejects(() => consumed);
      // The hang-up must come from the abort itself, well before any GC.
      const deadline = stoppedAt + 5000;
      while (mock.hangUps.length === 0 && performance.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assertEquals(mock.hangUps.length, 1, "the mock saw no hang-up");
      assertLess(mock.hangUps[0] - stoppedAt, 5000);
      while (mock.openStreams() > 0 && performance.now() < deadline + 500) {
        await new Promise((r) => setTimeout(r, 10));
      }
      assertEquals(mock.openStreams(), 0);
    });
  });

  Deno.test(`Providers - ${flavour.name} models are listed from /models and cached`, async () => {
    await withProvider(flavour, async ({ mock, registry }) => {
      const first = await registry.listModels();
      const second = await registry.listModels();
      assertEquals(first, second);
      assertEquals(
        first.map((m) => m.id),
        ["demo", ...mock.models.map((m) => `${flavour.name}:${m}`).sort()],
      );
      const listings = mock.requests.filter((r) => r.path === "/v1/models");
      assertEquals(listings.length, 1);
      const error = await assertRejects(
        () => registry.resolve(`${flavour.name}:nope`),
        Error,
        "Unknown model",
      );
      assertStringIncludes(error.message, `${flavour.name}:${mock.models[0]}`);
      assertStringIncludes(error.message, "demo");
    });
  });

  Deno.test(`Providers - ${flavour.name} title comes from a short model call`, async () => {
    await withProvider(flavour, async ({ mock, registry, id }) => {
      mock.scenario.generateText = '"Greeting The World."\nextra line';
      const resolved = await registry.resolve(id);
      assertEquals(
        await generateTitle(resolved, "hello world", "Hi!"),
        "Greeting The World",
      );
      mock.scenario.fault = "500";
      assertEquals(
        await generateTitle(
          resolved,
          "why is the sky blue at noon?",
          "Because…",
        ),
        "Why is the sky blue at",
      );
    });
  });
}
