import { assert, assertEquals } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";
import { adoptPageHtml } from "../../lib/client/server_html.ts";
import type { ChatMessage } from "../../lib/client/chat_types.ts";

Deno.test("Conversation page - a reply's HTML is sent once, in the page, not again in the island's props", async () => {
  const app = await startApp();
  try {
    const store = app.services.store;
    const c = await store.importConversation({ title: "Once" }, [
      { role: "user", content: "Say it in bold" },
      { role: "assistant", content: "Here: **unmistakable-bold-word**" },
    ]);
    const html = await (await fetch(`${app.base}/c/${c.id}`)).text();
    const state = /<script id="__FRSH_STATE"[^>]*>([\s\S]*?)<\/script>/
      .exec(html)![1];
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
    '[data-message-id="r1"] .markdown-body[data-content]',
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
