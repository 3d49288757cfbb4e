import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import type { ChatEvent } from "../../lib/chat/mod.ts";
import { newId } from "../../lib/store/mod.ts";
import { openStore } from "../../lib/store/open.ts";
import { testStore } from "../_helpers/test_store.ts";
import { startAnthropicMock, startOpenAIMock } from "../ai/mock_providers.ts";
import { counted, deltaText, waitFor } from "./helpers.ts";
import { responseEvents, withServer } from "./server.ts";

Deno.test("Chat API - POST messages streams NDJSON with no-buffering headers", async () => {
  await withServer({}, async ({ base, post, newConversation, services }) => {
    const models = await (await fetch(`${base}/api/models`)).json();
    assertEquals(models.defaultModel, "demo");
    assertEquals(models.models[0].id, "demo");

    const id = await newConversation();
    const response = await post(`/api/conversations/${id}/messages`, {
      content: "Explain streams",
    });
    assertEquals(response.status, 200);
    assertMatch(
      response.headers.get("content-type")!,
      /^application\/x-ndjson/,
    );
    assertEquals(
      response.headers.get("cache-control"),
      "no-cache, no-transform",
    );
    assertEquals(response.headers.get("x-accel-buffering"), "no");
    const events = await responseEvents(response);
    assertEquals(events.map((e) => e.seq), events.map((_, i) => i));
    assertEquals(events[0].type, "start");
    assertEquals(events[1]?.type, "title");
    assertEquals(events.at(-1)?.type, "done");
    const stored = await services.store.listMessages(id);
    assertEquals(stored.at(-1)?.content, deltaText(events));
    assertStringIncludes(deltaText(events), "Explain streams");
  });
});

/** Read a response's complete lines until `stopAfterChunks`, then hang up. */
async function readSome(
  response: Response,
  stopAfterChunks: number,
  seen: ChatEvent[],
): Promise<void> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (let i = 0; i < stopAfterChunks; i++) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    const end = buffer.lastIndexOf("\n");
    if (end < 0) continue;
    for (const line of buffer.slice(0, end).split("\n")) {
      seen.push(JSON.parse(line));
    }
    buffer = buffer.slice(end + 1);
  }
  await reader.cancel();
}

Deno.test("Chat API - disconnect at random points and reattach: every delta exactly once", async () => {
  await withServer(
    { demoTokenDelayMs: 1 },
    async ({ base, post, newConversation, services }) => {
      for (let round = 0; round < 3; round++) {
        const id = await newConversation("t");
        const seen: ChatEvent[] = [];
        await readSome(
          await post(`/api/conversations/${id}/messages`, {
            content: "count to 250",
          }),
          1 + Math.floor(Math.random() * 3),
          seen,
        );
        let reattaches = 0;
        while (seen.at(-1)?.type !== "done") {
          const after = seen.at(-1)?.seq ?? -1;
          const response = await fetch(
            `${base}/api/conversations/${id}/stream?after=${after}`,
          );
          assertEquals(response.status, 200);
          await readSome(response, 1 + Math.floor(Math.random() * 4), seen);
          reattaches++;
          await new Promise((r) => setTimeout(r, Math.random() * 15));
        }
        assert(reattaches > 1, `only ${reattaches} reattaches`);
        assertEquals(seen.map((e) => e.seq), seen.map((_, i) => i));
        assertEquals(deltaText(seen), counted(250));
        const stored = (await services.store.listMessages(id)).at(-1)!;
        assertEquals(stored.content, deltaText(seen));
        assertEquals(stored.status, "complete");
        // After the end, within the grace period, the tail can still be fetched.
        const tail = await responseEvents(
          await fetch(
            `${base}/api/conversations/${id}/stream?after=${seen.length - 2}`,
          ),
        );
        assertEquals(tail.map((e) => e.type), ["done"]);
      }
    },
  );
});

Deno.test("Chat API - a second send is 409; stop keeps the text; nothing running is 204", async () => {
  await withServer(
    { demoTokenDelayMs: 2 },
    async ({ base, post, newConversation, services }) => {
      const id = await newConversation("t");
      const first = await post(`/api/conversations/${id}/messages`, {
        content: "count to 3000",
      });
      assertEquals(first.status, 200);
      const second = await post(`/api/conversations/${id}/messages`, {
        content: "again",
      });
      assertEquals(second.status, 409);
      assertStringIncludes((await second.json()).error, "already");
      const reader = first.body!.getReader();
      await reader.read();
      await reader.cancel();
      await waitFor(() => services.chat.currentRun(id)!.text.length > 10);

      const stop = await post(`/api/conversations/${id}/stop`);
      assertEquals(stop.status, 200);
      const stopped = await stop.json();
      assertEquals(stopped.stopped, true);
      assertEquals(stopped.status, "stopped");
      const reply = (await services.store.listMessages(id)).at(-1)!;
      assertEquals(reply.id, stopped.messageId);
      assertEquals(reply.status, "stopped");
      assert(
        counted(3000).startsWith(reply.content) && reply.content.length > 10,
      );

      // Reattach after the stop: the whole log, ending with done/stopped.
      const replay = await responseEvents(
        await fetch(`${base}/api/conversations/${id}/stream`),
      );
      assertEquals(deltaText(replay), reply.content);
      const done = replay.at(-1);
      assert(done?.type === "done");
      assertEquals(done.status, "stopped");

      const again = await post(`/api/conversations/${id}/stop`);
      assertEquals(await again.json(), {
        stopped: false,
        messageId: null,
        status: null,
      });

      const idle = await newConversation();
      const none = await fetch(
        `${base}/api/conversations/${idle}/stream?after=3`,
      );
      assertEquals(none.status, 204);
      assertEquals(await none.text(), "");
    },
  );
});

Deno.test("Chat API - bad input gets the right status and a JSON error", async () => {
  await withServer(
    { maxMessageChars: 50 },
    async ({ base, post, newConversation, services }) => {
      const id = await newConversation();
      const path = `/api/conversations/${id}/messages`;
      // One at a time: a request being validated holds the conversation briefly.
      const cases: [string, () => Promise<Response>, number, RegExp][] = [
        ["empty", () => post(path, { content: "" }), 400, /content/],
        ["whitespace", () => post(path, { content: " \n\t " }), 400, /content/],
        ["missing", () => post(path, {}), 400, /content/],
        [
          "too long",
          () => post(path, { content: "x".repeat(51) }),
          413,
          /limit is 50/,
        ],
        [
          "unknown model",
          () => post(path, { content: "hi", model: "openai:nope" }),
          400,
          /Unknown model "openai:nope".*Available models: demo/,
        ],
        [
          "not JSON",
          () => post(path, undefined, { body: "{nope" }),
          400,
          /not valid JSON/,
        ],
        ["array", () => post(path, [1, 2]), 400, /JSON object/],
        [
          "text/plain",
          () =>
            post(path, undefined, {
              headers: { "content-type": "text/plain" },
              body: "hello",
            }),
          415,
          /JSON/,
        ],
        [
          "unknown conversation",
          () =>
            post(`/api/conversations/${newId()}/messages`, { content: "hi" }),
          404,
          /not found/i,
        ],
        [
          "malformed id",
          () =>
            post(`/api/conversations/not-an-id/messages`, { content: "hi" }),
          404,
          /not found/i,
        ],
        [
          "stream bad after",
          () => fetch(`${base}/api/conversations/${id}/stream?after=abc`),
          400,
          /after/,
        ],
        [
          "stream unknown conversation",
          () => fetch(`${base}/api/conversations/${newId()}/stream`),
          404,
          /not found/i,
        ],
        [
          "stop unknown",
          () => post(`/api/conversations/${newId()}/stop`),
          404,
          /not found/i,
        ],
        [
          "regenerate with nothing to answer",
          () => post(`/api/conversations/${id}/regenerate`),
          400,
          /no message/,
        ],
      ];
      for (const [name, send, status, message] of cases) {
        const response = await send();
        assertEquals(response.status, status, name);
        const body = await response.json();
        assertMatch(body.error, message, name);
      }
      assertEquals(await services.store.listMessages(id), []);
    },
  );
});

Deno.test("Chat API - regenerate and edit add versions; nothing is dropped; the shown leaf can be set", async () => {
  await withServer({}, async ({ base, post, newConversation, services }) => {
    const id = await newConversation("t");
    const path = `/api/conversations/${id}/messages`;
    const first = await responseEvents(
      await post(path, { content: "count to 2" }),
    );
    await responseEvents(await post(path, { content: "count to 3" }));
    const regenerated = await responseEvents(
      await post(`/api/conversations/${id}/regenerate`, {}),
    );
    assertEquals(deltaText(regenerated), "1 2 3");
    let messages = await services.store.listMessages(id);
    // The old reply is kept beside the new one, both answering "count to 3".
    assertEquals(messages.map((m) => m.content), [
      "count to 2",
      "1 2",
      "count to 3",
      "1 2 3",
      "1 2 3",
    ]);
    assertEquals(messages[3].parentId, messages[2].id);
    assertEquals(messages[4].parentId, messages[2].id);
    const start = regenerated[0];
    assert(start.type === "start");
    assertEquals(messages[4].id, start.messageId);
    let conversation = await services.store.getConversation(id);
    assertEquals(conversation.leafId, messages[4].id);

    // An edit of the first question ("send with its parent"): a new root.
    const firstStart = first[0];
    assert(firstStart.type === "start");
    const edited = await responseEvents(
      await post(path, { content: "count to 5", parentId: null }),
    );
    assertEquals(deltaText(edited), "1 2 3 4 5");
    // The older way to say it, editMessageId, gives a sibling too.
    await responseEvents(
      await post(path, {
        content: "count to 1",
        editMessageId: firstStart.userMessageId,
      }),
    );
    messages = await services.store.listMessages(id);
    assertEquals(messages.length, 9);
    const roots = messages.filter((m) => m.parentId === null);
    assertEquals(roots.map((m) => m.content), [
      "count to 2",
      "count to 5",
      "count to 1",
    ]);

    // Show the first branch again; it is what a reload gets.
    const patched = await fetch(`${base}/api/conversations/${id}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ leafId: messages[3].id }),
    });
    assertEquals(patched.status, 200);
    conversation = await patched.json();
    assertEquals(conversation.leafId, messages[3].id);
    const markdown = await (await fetch(
      `${base}/api/conversations/${id}/export?format=md`,
    )).text();
    assertStringIncludes(markdown, "count to 3");
    assert(!markdown.includes("count to 5"), "only the shown branch");
    const everything = await (await fetch(
      `${base}/api/conversations/${id}/export?format=md&branch=all`,
    )).text();
    assertStringIncludes(everything, "count to 5");
    assertStringIncludes(everything, `after ${messages[2].id}`);

    // A leaf or parent that is not a message of this conversation: 400.
    for (
      const [method, url, body] of [
        ["PATCH", `/api/conversations/${id}`, { leafId: newId() }],
        ["PATCH", `/api/conversations/${id}`, { leafId: "nope" }],
        ["POST", path, { content: "x", parentId: newId() }],
        ["POST", `/api/conversations/${id}/regenerate`, { messageId: newId() }],
      ] as const
    ) {
      const response = await fetch(base + url, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      assertEquals(response.status, 400, `${method} ${JSON.stringify(body)}`);
      assertMatch((await response.json()).error, /Id|id/);
    }
    assertEquals((await services.store.listMessages(id)).length, 9);
  });
});

Deno.test("Chat API - a branch from any message sends only its path as context", async () => {
  const mock = startOpenAIMock(["local-llm"]);
  try {
    await withServer(
      { openaiBaseUrl: mock.url },
      async ({ post, newConversation, services }) => {
        const id = await newConversation();
        const path = `/api/conversations/${id}/messages`;
        const model = "openai:local-llm";
        for (const content of ["one", "two", "three"]) {
          await responseEvents(await post(path, { content, model }));
        }
        const all = await services.store.listMessages(id);
        const firstReply = all[1];
        mock.requests.length = 0;
        // Branch after the first reply: "two" and "three" are not context.
        await responseEvents(
          await post(path, {
            content: "other",
            model,
            parentId: firstReply.id,
          }),
        );
        const chat = mock.requests.find((r) => r.body?.stream === true)!;
        const sent =
          (chat.body!.messages as { role: string; content: unknown }[])
            .filter((m) => m.role !== "system")
            .map((m) => [m.role, JSON.stringify(m.content)]);
        assertEquals(sent.map(([role]) => role), ["user", "assistant", "user"]);
        assertStringIncludes(sent[0][1], "one");
        assertStringIncludes(sent[2][1], "other");
        assert(!sent.some(([, c]) => c.includes("two") || c.includes("three")));

        // Regenerate answers the shown branch's question, with that path.
        mock.requests.length = 0;
        await responseEvents(
          await post(`/api/conversations/${id}/regenerate`, { model }),
        );
        const again = mock.requests.find((r) => r.body?.stream === true)!;
        const roles = (again.body!.messages as { role: string }[])
          .filter((m) => m.role !== "system").map((m) => m.role);
        assertEquals(roles, ["user", "assistant", "user"]);
        assertEquals((await services.store.listMessages(id)).length, 9);
      },
    );
  } finally {
    await mock.close();
  }
});

Deno.test("Chat API - shutdown ends open streams with interrupted and stores it", async () => {
  await withServer({ demoTokenDelayMs: 2 }, async (server) => {
    const id = await server.newConversation("t");
    const response = await server.post(`/api/conversations/${id}/messages`, {
      content: "count to 5000",
    });
    const reading = responseEvents(response);
    await waitFor(() => server.services.chat.currentRun(id)!.text.length > 20);
    await server.services.close();
    const seen = await reading;
    const done = seen.at(-1);
    assert(done?.type === "done");
    assertEquals(done.status, "interrupted");
    // The data folder (or KV file) as the next process would find it.
    const store = await openStore({
      store: testStore(),
      dataDir: server.dataDir,
      onDeploy: false,
    });
    try {
      const reply = (await store.listMessages(id)).at(-1)!;
      assertEquals(reply.status, "interrupted");
      assertEquals(reply.content, deltaText(seen));
    } finally {
      await store.close();
    }
  });
});

Deno.test("Chat API - 50 conversations streaming at once", async () => {
  await withServer(
    { demoTokenDelayMs: 2 },
    async ({ post, newConversation, services }) => {
      const ids = await Promise.all(
        Array.from({ length: 50 }, () => newConversation("t")),
      );
      const results = await Promise.all(ids.map(async (id, i) => {
        const response = await post(`/api/conversations/${id}/messages`, {
          content: `count to ${30 + i}`,
        });
        return await responseEvents(response);
      }));
      for (const [i, events] of results.entries()) {
        assertEquals(events.map((e) => e.seq), events.map((_, j) => j));
        assertEquals(deltaText(events), counted(30 + i));
        assertEquals(events.at(-1)?.type, "done");
        assertEquals(
          (await services.store.listMessages(ids[i])).at(-1)?.content,
          counted(30 + i),
        );
      }
    },
  );
});

Deno.test("Chat API - OPENAI_BASE_URL at a local server works with no code change", async () => {
  const mock = startOpenAIMock(["local-llm"]);
  try {
    await withServer(
      { openaiBaseUrl: mock.url },
      async ({ base, post, newConversation }) => {
        const models = await (await fetch(`${base}/api/models`)).json();
        assertEquals(models.models.map((m: { id: string }) => m.id), [
          "demo",
          "openai:local-llm",
        ]);
        const id = await newConversation();
        const events = await responseEvents(
          await post(`/api/conversations/${id}/messages`, {
            content: "hello",
            model: "openai:local-llm",
          }),
        );
        assertEquals(deltaText(events), "Hello, world!");
        const title = events.findLast((e) => e.type === "title");
        assert(title?.type === "title");
        assertEquals(title.title, "Greeting The World");
        const chat = mock.requests.find((r) => r.body?.stream === true)!;
        assertEquals(chat.headers.get("authorization"), null);
        assertEquals(chat.body?.model, "local-llm");
      },
    );
  } finally {
    await mock.close();
  }
});

Deno.test("Chat API - reasoning streams apart, is stored in its own column and is not sent back", async () => {
  const mock = startOpenAIMock(["thinker"]);
  mock.scenario = {
    ...mock.scenario,
    reasoning: ["Weighing ", "the options", "…"],
    tokens: ["Go ", "left."],
  };
  try {
    await withServer(
      { openaiBaseUrl: mock.url },
      async ({ dataDir, post, newConversation, services }) => {
        const id = await newConversation("t");
        const path = `/api/conversations/${id}/messages`;
        // The demo model thinks when asked to.
        const demo = await responseEvents(
          await post(path, { content: "think about rivers" }),
        );
        const firstThought = demo.findIndex((e) => e.type === "reasoning");
        const firstText = demo.findIndex((e) => e.type === "delta");
        assert(firstThought > 0 && firstThought < firstText, "thinks first");
        const thought = demo.filter((e) => e.type === "reasoning")
          .map((e) => (e as { text: string }).text).join("");
        assertStringIncludes(thought, "think about rivers");
        let stored = (await services.store.listMessages(id)).at(-1)!;
        assertEquals(stored.reasoning, thought);
        assert(!stored.content.includes(thought), "the answer is apart");

        // An OpenAI-compatible server's reasoning_content, the same way.
        const model = "openai:thinker";
        const events = await responseEvents(
          await post(path, { content: "which way?", model }),
        );
        assertEquals(deltaText(events), "Go left.");
        stored = (await services.store.listMessages(id)).at(-1)!;
        assertEquals(stored.reasoning, "Weighing the options…");
        if (testStore() === "csv") {
          const file = await Deno.readTextFile(
            `${dataDir}/conversations/${id}.csv`,
          );
          assert(
            file.split("\r\n")[0].includes(",reasoning,attachments,content"),
          );
        }

        // The next turn's context holds the answers, not the thoughts.
        mock.requests.length = 0;
        await responseEvents(await post(path, { content: "and then?", model }));
        const sent = JSON.stringify(
          mock.requests.find((r) => r.body?.stream === true)!.body!.messages,
        );
        assertStringIncludes(sent, "Go left.");
        assert(!sent.includes("Weighing"), "no reasoning in the context");
        assert(!sent.includes("The person asks me"), "nor the demo's");
      },
    );
  } finally {
    await mock.close();
  }
});

Deno.test("Chat API - Anthropic extended thinking is asked for when configured and shows as reasoning", async () => {
  const mock = startAnthropicMock(["claude-mock"]);
  mock.scenario = {
    ...mock.scenario,
    reasoning: ["Checking ", "the map…"],
    tokens: ["Turn ", "right."],
  };
  try {
    await withServer(
      {
        anthropicApiKey: "test-key",
        anthropicBaseUrl: mock.url,
        anthropicReasoning: "high",
      },
      async ({ post, newConversation, services }) => {
        const id = await newConversation("t");
        const events = await responseEvents(
          await post(`/api/conversations/${id}/messages`, {
            content: "which way?",
            model: "anthropic:claude-mock",
          }),
        );
        const thought = events.filter((e) => e.type === "reasoning")
          .map((e) => (e as { text: string }).text).join("");
        assertEquals(thought, "Checking the map…");
        assertEquals(deltaText(events), "Turn right.");
        const stored = (await services.store.listMessages(id)).at(-1)!;
        assertEquals(stored.reasoning, "Checking the map…");
        assertEquals(stored.content, "Turn right.");
        // The request asked for thinking (the SDK picks the model's form).
        const sent = mock.requests.find((r) => r.body?.stream === true)!.body!;
        assert(sent.thinking, `thinking requested: ${JSON.stringify(sent)}`);
      },
    );
    // Not configured: nothing is asked for.
    mock.requests.length = 0;
    mock.scenario = { ...mock.scenario, reasoning: undefined };
    await withServer(
      { anthropicApiKey: "test-key", anthropicBaseUrl: mock.url },
      async ({ post, newConversation }) => {
        const id = await newConversation("t");
        await responseEvents(
          await post(`/api/conversations/${id}/messages`, {
            content: "hi",
            model: "anthropic:claude-mock",
          }),
        );
        const sent = mock.requests.find((r) => r.body?.stream === true)!.body!;
        assertEquals(sent.thinking, undefined);
      },
    );
  } finally {
    await mock.close();
  }
});

Deno.test("Chat API - a reply cut by the length limit continues in the same message", async () => {
  await withServer({}, async ({ base, post, newConversation, services }) => {
    const id = await newConversation("t");
    const patch = (body: unknown) =>
      fetch(`${base}/api/conversations/${id}`, {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    for (const bad of [0, -1, 1.5, "10", 2_000_000]) {
      const refused = await patch({ maxOutputTokens: bad });
      assertEquals(refused.status, 400, String(bad));
      assertMatch((await refused.json()).error, /maxOutputTokens/);
    }
    const saved = await patch({ maxOutputTokens: 5 });
    assertEquals((await saved.json()).maxOutputTokens, 5);

    const first = await responseEvents(
      await post(`/api/conversations/${id}/messages`, {
        content: "count to 12",
      }),
    );
    assertEquals(deltaText(first), "1 2 3 4 5 ");
    const done = first.at(-1)!;
    assert(done.type === "done");
    assertEquals(done.finishReason, "length");

    const more = await responseEvents(
      await post(`/api/conversations/${id}/continue`, {}),
    );
    const start = more[0];
    assert(start.type === "start");
    assert(first[0].type === "start");
    assertEquals(start.messageId, first[0].messageId);
    assertEquals(start.prefix, "1 2 3 4 5 ");
    assertEquals(deltaText(more), "6 7 8 9 10 ");
    await responseEvents(await post(`/api/conversations/${id}/continue`, {}));
    const messages = await services.store.listMessages(id);
    assertEquals(messages.map((m) => m.role), ["user", "assistant"]);
    assertEquals(messages[1].content, counted(12));
    assertEquals(messages[1].finishReason, "stop");

    // Only a reply can go on.
    const refused = await post(`/api/conversations/${id}/continue`, {
      messageId: messages[0].id,
    });
    assertEquals(refused.status, 400);
    await refused.body?.cancel();
  });
});
