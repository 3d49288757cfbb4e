import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { startOpenAIMock } from "../ai/mock_providers.ts";
import { startApp } from "../_helpers/app_server.ts";
import { adoptPageHtml } from "../../lib/client/server_html.ts";
import {
  MESSAGE_DEFAULTS,
  packMessages,
  unpackMessages,
} from "../../lib/client/message_props.ts";
import type { ChatMessage } from "../../lib/client/chat_types.ts";
import { writeHistory } from "../bench/_data.ts";

/** The island props JSON of a page. */
function islandState(html: string): string {
  return /<script id="__FRSH_STATE"[^>]*>([\s\S]*?)<\/script>/.exec(html)![1];
}

Deno.test("Conversation page - a reply's HTML is sent once, in the page, not again in the island's props", async () => {
  const app = await startApp();
  try {
    const store = app.services.store;
    const c = await store.importConversation({ title: "Once" }, [
      { role: "user", content: "Say it in bold" },
      { role: "assistant", content: "Here: **unmistakable-bold-word**" },
    ]);
    const html = await (await fetch(`${app.base}/c/${c.id}`)).text();
    const state = islandState(html);
    // Rendered once into the page…
    assertEquals(
      html.split("<strong>unmistakable-bold-word</strong>").length - 1,
      1,
    );
    // …and the props carry the markdown source, without its HTML.
    assert(state.includes("**unmistakable-bold-word**"));
    assert(!state.includes("<strong>"), "no rendered HTML in the props");
    assert(!state.includes('"html"'), "no html field in the props");
  } finally {
    await app.close();
  }
});

Deno.test("Conversation page - the island takes a reply's HTML from the page", () => {
  const found = new Map([[
    '[id="m-r1"] .markdown-body[data-content]',
    { innerHTML: "<p><strong>hi</strong></p>" },
  ]]);
  const root = {
    querySelector: (selector: string) => found.get(selector) ?? null,
  } as unknown as ParentNode;
  const messages = [
    { id: "u1", role: "user", content: "hello" },
    { id: "r1", role: "assistant", content: "**hi**" },
    { id: "r2", role: "assistant", content: "not in the page" },
  ] as ChatMessage[];
  const adopted = adoptPageHtml(messages, root);
  assertEquals(adopted[0], messages[0]);
  assertEquals(adopted[1].html, "<p><strong>hi</strong></p>");
  assertEquals(adopted[2].html, undefined);
});

Deno.test("Conversation page - a person's words are sent once, in the page; the island reads them there", async () => {
  const app = await startApp();
  try {
    const c = await app.services.store.importConversation({ title: "Once" }, [
      { role: "user", content: "a question-only-in-the-page\n  indented" },
      { role: "assistant", content: "An answer" },
    ]);
    const html = await (await fetch(`${app.base}/c/${c.id}`)).text();
    assert(html.includes(">a question-only-in-the-page\n  indented</div>"));
    assert(!islandState(html).includes("question-only-in-the-page"));
  } finally {
    await app.close();
  }
  const bubble = { textContent: "hello\n  there" };
  const root = {
    querySelector: (selector: string) =>
      selector === '[id="m-u1"] [data-content]' ? bubble : null,
  } as unknown as ParentNode;
  const [adopted, filesOnly] = adoptPageHtml(
    [
      { id: "u1", role: "user" },
      { id: "u2", role: "user" },
    ] as ChatMessage[],
    root,
  );
  assertEquals(adopted.content, "hello\n  there");
  assertEquals(filesOnly.content, "");
});

Deno.test("Conversation page - messages in the props leave out what the island can put back", () => {
  const base = {
    content: "x",
    createdAt: "2026-01-01T00:00:00.000Z",
    completedAt: "2026-01-01T00:00:00.000Z",
    ...MESSAGE_DEFAULTS,
  } as const;
  const messages: ChatMessage[] = [
    // The page starts after earlier messages: a parent not in the list.
    { ...base, id: "a", parentId: "earlier", role: "assistant" },
    { ...base, id: "b", parentId: "a", role: "user", content: "hi" },
    {
      ...base,
      id: "c",
      parentId: "b",
      role: "assistant",
      model: "demo",
      finishReason: "stop",
      promptTokens: 3,
      completionTokens: 0,
      completedAt: "2026-01-01T00:00:09.000Z",
      siblingIds: ["x", "c"],
    },
    // A new branch, and a reply that failed.
    { ...base, id: "d", parentId: "b", role: "user", content: "" },
    {
      ...base,
      id: "e",
      parentId: "d",
      role: "assistant",
      status: "error",
      error: "Nope",
      completedAt: null,
    },
  ];
  const packed = packMessages(messages);
  const wire = JSON.parse(JSON.stringify(packed));
  assertEquals(Object.keys(wire[2]).sort(), [
    "completedAt",
    "completionTokens",
    "content",
    "createdAt",
    "finishReason",
    "id",
    "model",
    "promptTokens",
    "role",
    "siblingIds",
  ]);
  assertEquals(wire[1].content, undefined, "a person's words: page only");
  // On the server (props as objects) everything comes back as it was…
  assertEquals(unpackMessages(packed), messages);
  // …and in the browser, once the page gave back the person's words.
  const words = new Map([["b", "hi"], ["d", ""]]);
  const revived = unpackMessages(wire).map((m) =>
    m.role === "user" ? { ...m, content: words.get(m.id)! } : m
  );
  assertEquals(revived, messages);
});

Deno.test("Conversation page - a 2,000-message conversation's page is at most 180 KB", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "page_weight_" });
  const history = await writeHistory(dataDir, { count: 60 });
  const app = await startApp({ dataDir });
  try {
    const bytes = await (await fetch(`${app.base}/c/${history.big}`)).bytes();
    assert(
      bytes.byteLength <= 180_000,
      `${bytes.byteLength} bytes (aim: 180,000)`,
    );
  } finally {
    await app.close();
  }
});

Deno.test("Workspace page - the model list says which models read images, so the composer knows at once", async () => {
  const mock = startOpenAIMock(["local-model"]);
  const app = await startApp({ openaiBaseUrl: mock.url });
  try {
    const state = islandState(await (await fetch(`${app.base}/`)).text());
    assertStringIncludes(state, '"id":"demo"');
    const models = JSON.parse(
      /"models":(\[[^\]]*\])/.exec(state)?.[1] ?? "[]",
    ) as { id: string; images?: boolean }[];
    const imagesOf = (id: string) => models.find((m) => m.id === id)?.images;
    assertEquals(imagesOf("demo"), true);
    assertEquals(imagesOf("openai:local-model"), false);
  } finally {
    await app.close();
    await mock.close();
  }
});
