import { assert, assertEquals } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";

Deno.test("Titles - a conversation left 'New chat' after its question is named when opened; chosen titles and empty chats stay", async () => {
  const app = await startApp();
  try {
    const store = app.services.store;
    // As older versions (or a crash) left them: a question, no title.
    const stuck = await store.createConversation({});
    assertEquals(stuck.title, "New chat");
    await store.appendMessage(stuck.id, {
      role: "user",
      content: "How do tides work on the open ocean, far from any coast?",
      parentId: null,
    });
    const stuckApi = await store.createConversation({});
    await store.appendMessage(stuckApi.id, {
      role: "user",
      content: "Name three rivers",
      parentId: null,
    });
    const chosen = await store.createConversation({ title: "My notes" });
    await store.appendMessage(chosen.id, {
      role: "user",
      content: "Something else entirely",
      parentId: null,
    });
    const empty = await store.createConversation({});

    const before = (await store.getConversation(stuck.id)).updatedAt;
    const html = await (await fetch(`${app.base}/c/${stuck.id}`)).text();
    const named = (await store.getConversation(stuck.id)).title;
    assert(named.startsWith("How do tides work"), named);
    // Opening it is not news: it keeps its place in the list.
    assertEquals((await store.getConversation(stuck.id)).updatedAt, before);
    assert(html.includes(`<title>${named} · LiveAiChat</title>`));
    // The sidebar of that same page shows it too.
    assertEquals(html.split(`>${named}</a>`).length - 1, 1);

    const api = await (await fetch(
      `${app.base}/api/conversations/${stuckApi.id}`,
    )).json();
    assertEquals(api.conversation.title, "Name three rivers");
    assertEquals(
      (await store.getConversation(stuckApi.id)).title,
      "Name three rivers",
    );

    for (const c of [chosen, empty]) {
      await (await fetch(`${app.base}/c/${c.id}`)).body?.cancel();
    }
    assertEquals((await store.getConversation(chosen.id)).title, "My notes");
    assertEquals((await store.getConversation(empty.id)).title, "New chat");
  } finally {
    await app.close();
  }
});
