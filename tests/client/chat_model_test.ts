import { assert, assertEquals, assertExists } from "@std/assert";
import { startTcpProxy } from "../_helpers/tcp_proxy.ts";
import { reveal } from "../../lib/client/search_hit.ts";
import { render, setup, until, withApp } from "./_chat_model.ts";

Deno.test("Chat model - the first message creates the conversation and streams the reply", async () => {
  await withApp(async (app) => {
    const { model, shared, sent, urls, phases } = await setup(app.base);
    model.draft.value = "Hello there";
    await model.send();
    const id = model.conversation.value?.id;
    assertExists(id);
    assertEquals(urls, [`/c/${id}`]);
    assertEquals(shared.activeId.value, id);
    assertEquals(model.draft.value, "");
    assertEquals(model.phase.value, "idle");
    assertEquals(phases, ["idle", "waiting", "streaming", "idle"]);
    const stored = await app.services.store.listMessages(id);
    // What is shown is what the server stored, ids included.
    assertEquals(
      model.messages.value.map((m) => [m.id, m.role, m.content, m.status]),
      stored.map((m) => [m.id, m.role, m.content, m.status]),
    );
    assertEquals(stored.length, 2);
    assertEquals(
      model.messages.value[1].html,
      `<p>${stored[1].content.length}</p>`,
    );
    // The automatic title reached the sidebar and other tabs.
    assert(model.conversation.value!.title !== "New chat");
    assertEquals(
      shared.conversations.value[0].title,
      model.conversation.value!.title,
    );
    assert(sent.some((m) => m.type === "reply" && m.conversationId === id));
    assertEquals(model.announcement.value, "Reply finished");
  });
});

Deno.test("Chat model - regenerate and edit add versions; switching shows them, here and in other tabs", async () => {
  await withApp(async (app) => {
    const { model, sent, toastTexts } = await setup(app.base);
    await model.send("First question");
    const [question, firstReply] = model.messages.value;
    await model.regenerate();
    const shown = () => model.messages.value;
    assertEquals(shown().length, 2);
    const secondReply = shown()[1];
    assert(secondReply.id !== firstReply.id);
    assertEquals(secondReply.status, "complete");
    assertEquals(secondReply.siblingIds, [firstReply.id, secondReply.id]);

    model.startEdit(shown()[0]);
    model.editText("Second question");
    await model.saveEdit();
    assertEquals(model.editing.value, null);
    assertEquals(shown()[0].content, "Second question");
    assertEquals(shown()[0].siblingIds, [question.id, shown()[0].id]);
    assertEquals(shown()[1].status, "complete");
    const id = model.conversation.value!.id;
    assertEquals((await app.services.store.listMessages(id)).length, 5);

    // A second tab on the same conversation, as the page renders it.
    const other = await setup(app.base, { id });
    assertEquals(other.model.messages.value[0].content, "Second question");

    // Back to the first question: it shows with its newest reply.
    await model.showVersion(shown()[0], -1);
    assertEquals(shown().map((m) => m.id), [question.id, secondReply.id]);
    assertEquals(model.announcement.value, "Version 1 of 2");
    await model.showVersion(shown()[1], -1);
    assertEquals(shown().map((m) => m.id), [question.id, firstReply.id]);
    assertEquals(
      (await app.services.store.getConversation(id)).leafId,
      firstReply.id,
    );
    // The other tab follows the choice.
    await other.model.receive(sent.findLast((m) => m.type === "conversation")!);
    assertEquals(
      other.model.messages.value.map((m) => m.id),
      [question.id, firstReply.id],
    );
    // A new message answers the branch shown.
    await model.send("Follow-up");
    const stored = await app.services.store.listMessages(id);
    assertEquals(
      stored.find((m) => m.content === "Follow-up")?.parentId,
      firstReply.id,
    );

    // Too long for the server: nothing is lost, the person is told why.
    const long = "x".repeat(app.services.config.maxMessageChars + 1);
    const before = shown();
    await model.send(long);
    assertEquals(shown(), before);
    assertEquals(model.draft.value, long);
    assertEquals(model.phase.value, "idle");
    assert(toastTexts().at(-1)!.includes("limit"), toastTexts().join());
  });
});

Deno.test("Chat model - stop keeps what was written; a second tab follows the reply", async () => {
  await withApp(async (app) => {
    const { model } = await setup(app.base);
    await model.send("Hi");
    const id = model.conversation.value!.id;
    const other = await setup(app.base, { id });
    const sending = model.send("count to 2000");
    await until(model, () => (model.streaming.value?.text.length ?? 0) > 20);
    // The other tab hears of the reply and follows it to its end.
    const following = other.model.receive({
      type: "reply",
      conversationId: id,
    });
    await model.stop();
    await Promise.all([sending, following]);
    const last = model.messages.value.at(-1)!;
    assertEquals(last.status, "stopped");
    assert(last.content.length > 0);
    const stored = (await app.services.store.listMessages(id)).at(-1)!;
    assertEquals(stored.content, last.content);
    assertEquals(other.model.messages.value.at(-1)!.content, last.content);
    assertEquals(other.model.phase.value, "idle");
  }, 2);
});

Deno.test("Chat model - a dropped connection reconnects and every delta arrives once", async () => {
  await withApp(async (app) => {
    const port = Number(new URL(app.base).port);
    const proxy = startTcpProxy(port);
    try {
      const { model, phases } = await setup(proxy.base);
      const sending = model.send("count to 300");
      await until(model, () => (model.streaming.value?.text.length ?? 0) > 50);
      proxy.dropAll();
      await sending;
      assert(phases.includes("reconnecting"), phases.join());
      const id = model.conversation.value!.id;
      const stored = (await app.services.store.listMessages(id)).at(-1)!;
      assertEquals(stored.status, "complete");
      assertEquals(model.messages.value.at(-1)!.content, stored.content);
      assertEquals(model.phase.value, "idle");
    } finally {
      proxy.close();
    }
  }, 2);
});

Deno.test("Chat model - a page opened mid-reply reattaches; settings reach other tabs", async () => {
  await withApp(async (app) => {
    const first = await setup(app.base);
    await first.model.send("Hi");
    const id = first.model.conversation.value!.id;
    const sending = first.model.send("count to 1000");
    await until(
      first.model,
      () => (first.model.streaming.value?.text.length ?? 0) > 10,
    );
    // Opened now: the page rendered the reply as it was, still streaming.
    const late = await setup(app.base, { id });
    assertEquals(late.model.messages.value.at(-1)!.status, "streaming");
    await Promise.all([late.model.resume(), sending]);
    const reply = first.model.messages.value.at(-1)!.content;
    assertEquals(late.model.messages.value.at(-1)!.content, reply);
    // Shown whole, not as the page had rendered it mid-reply.
    assertEquals(late.model.messages.value.at(-1)!.html, render(reply));

    assert(
      await late.model.saveSettings({
        systemPrompt: "Be brief",
        temperature: 1,
      }),
    );
    const change = late.sent.findLast((m) => m.type === "conversation");
    assertExists(change);
    await first.model.receive(change);
    assertEquals(first.model.conversation.value!.systemPrompt, "Be brief");
    assertEquals(first.toastTexts(), []);
    assertEquals(late.toastTexts(), ["Settings saved."]);
  }, 1);
});

Deno.test("Chat model - a search hit's reveal loads the earlier messages when the one asked for is not shown", async () => {
  await withApp(async (app) => {
    const store = app.services.store;
    const c = await store.importConversation(
      { title: "Long" },
      Array.from({ length: 10 }, (_, i) => ({
        role: i % 2 ? "assistant" : "user",
        content: `message ${i}`,
      })),
    );
    const all = await store.listMessages(c.id);
    // As the page sends it: the last 4, and 6 earlier ones left out.
    const { model } = await setup(app.base, {
      id: c.id,
      extra: { messages: all.slice(-4), earlierCount: 6 },
    });
    assertEquals(await reveal(model, all[8].id), true);
    assertEquals(model.messages.value.length, 4, "shown: nothing loaded");
    assertEquals(await reveal(model, all[1].id), true);
    assertEquals(
      model.messages.value.map((m) => m.id),
      all.map((m) => m.id),
    );
    assertEquals(model.earlier.value, 0);
    assertEquals(
      await reveal(model, "01970000-0000-7000-8000-00000000dead"),
      false,
    );
  });
});
