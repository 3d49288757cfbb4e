import { assertEquals } from "@std/assert";
import { OpenAISource } from "../../lib/ai/openai_source.ts";
import { startOpenAIMock } from "../ai/mock_providers.ts";
import { fsCallsDuring } from "../store/_helpers.ts";
import type { ChatStore } from "../../lib/store/mod.ts";
import { errorJson } from "../../lib/error_response.ts";
import {
  counted,
  deltaText,
  mockSource,
  readEvents,
  withChat,
} from "./helpers.ts";

Deno.test("Chat service - a send checks the messages file and the index once each before its reply starts", async () => {
  await withChat({}, async ({ dir, store, chat }) => {
    const c = await store.createConversation({ title: "named" });
    let run!: Awaited<ReturnType<typeof chat.send>>;
    const calls = await fsCallsDuring(async () => {
      run = await chat.send(c.id, { content: "count to 5" });
    });
    const stats = (path: string) =>
      calls.filter((call) => call === `stat(${path})`).length;
    assertEquals(stats(`${dir}/conversations/${c.id}.csv`), 1);
    assertEquals(stats(`${dir}/conversations.csv`), 1);
    assertEquals(deltaText(await readEvents(run.subscribe())), counted(5));
    const messages = await store.listMessages(c.id);
    assertEquals(messages.map((m) => [m.role, m.content, m.status]), [
      ["user", "count to 5", "complete"],
      ["assistant", counted(5), "complete"],
    ]);
  });
});

Deno.test("Chat service - a generated title equal to the provisional one reads nothing to store it", async () => {
  let reads = 0;
  await withChat({
    wrapStore: (store) =>
      new Proxy(store, {
        get(target, key) {
          const value = Reflect.get(target, key);
          if (key === "getConversation") reads++;
          return typeof value === "function" ? value.bind(target) : value;
        },
      }),
  }, async ({ store, chat }) => {
    const c = await store.createConversation();
    reads = 0;
    const run = await chat.send(c.id, { content: "count to 3" });
    const events = await readEvents(run.subscribe());
    assertEquals(
      events.filter((e) => e.type === "title").map((e) => e.title),
      ["Count to 3"],
    );
    assertEquals(reads, 0);
    assertEquals((await store.getConversation(c.id)).title, "Count to 3");
  });
});

Deno.test("Chat service - a slow model list does not hold the conversation, and a model chosen meanwhile writes the reply", async () => {
  const mock = startOpenAIMock();
  let asked!: () => void;
  const listAsked = new Promise<void>((resolve) => asked = resolve);
  let answer!: () => void;
  const listAnswered = new Promise<void>((resolve) => answer = resolve);
  mock.beforeModels = () => {
    asked();
    return listAnswered;
  };
  const source = new OpenAISource({
    apiKey: "sk-test",
    baseUrl: mock.url,
    fetch,
    // No time limit: the list comes when the provider answers it.
    listFetch: (input, init) => fetch(input, { ...init, signal: undefined }),
  });
  try {
    await withChat({ sources: [source] }, async ({ store, chat }) => {
      // Made by the store: no model list has been fetched yet.
      const c = await store.createConversation({ model: "openai:gpt-mock" });
      const sending = chat.send(c.id, { content: "count to 3" });
      await listAsked;
      const order: string[] = [];
      // Only a send that held the conversation meanwhile would need this.
      const watchdog = setTimeout(() => {
        order.push("list answered");
        answer();
      }, 30_000);
      await store.updateConversation(c.id, { model: "demo" });
      clearTimeout(watchdog);
      order.push("changed");
      answer();
      const run = await sending;
      assertEquals(order, ["changed"]);
      // The model the conversation has when the question is stored.
      assertEquals(run.model, "demo");
      assertEquals(deltaText(await readEvents(run.subscribe())), counted(3));
      const messages = await store.listMessages(c.id);
      assertEquals(messages.map((m) => m.content), ["count to 3", counted(3)]);
    });
  } finally {
    await mock.close();
  }
});

Deno.test("Chat service - a send whose last known model is gone resolves the model the conversation has since", async () => {
  const mock = startOpenAIMock();
  try {
    await withChat({ sources: [mockSource(mock)] }, async ({ store, chat }) => {
      // A model the provider no longer lists (the store does not check).
      const c = await store.createConversation({ model: "openai:gpt-gone" });
      // Changed after the send's peek, while it fetches the model list.
      let changed = false;
      mock.beforeModels = async () => {
        if (changed) return;
        changed = true;
        await store.updateConversation(c.id, { model: "openai:gpt-mock" });
      };
      const run = await chat.send(c.id, { content: "hello" });
      assertEquals(changed, true);
      assertEquals(run.model, "openai:gpt-mock");
      await readEvents(run.subscribe());
      const messages = await store.listMessages(c.id);
      assertEquals(messages.map((m) => [m.role, m.status]), [
        ["user", "complete"],
        ["assistant", "complete"],
      ]);
      // A model that really is not offered is still a 400, nothing stored.
      await store.updateConversation(c.id, { model: "openai:gpt-gone" });
      const refused = await chat.send(c.id, { content: "again" }).then(
        () => null,
        (error) => error,
      );
      assertEquals(refused?.status, 400);
      assertEquals((await store.listMessages(c.id)).length, 2);
    });
  } finally {
    await mock.close();
  }
});

/** `store` whose `appendAfterRead` first awaits `before` (call number from 1). */
function beforeAppend(
  store: ChatStore,
  before: (call: number, id: string) => Promise<void>,
): ChatStore {
  let calls = 0;
  return new Proxy(store, {
    get(target, key) {
      if (key === "appendAfterRead") {
        return async (...args: Parameters<ChatStore["appendAfterRead"]>) => {
          await before(++calls, args[0]);
          return await target.appendAfterRead(...args);
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

Deno.test("Chat service - a hand edit of the model between the peek and the append writes the reply with the edited model", async () => {
  const mock = startOpenAIMock();
  let appends = 0;
  let index = "";
  try {
    await withChat({
      sources: [mockSource(mock)],
      wrapStore: (store) =>
        beforeAppend(store, async (call) => {
          appends = call;
          if (call > 1) return;
          const text = await Deno.readTextFile(index);
          await Deno.writeTextFile(
            index,
            text.replace("openai:gpt-mock", "demo"),
          );
        }),
    }, async ({ dir, store, chat }) => {
      index = `${dir}/conversations.csv`;
      const c = await store.createConversation({ model: "openai:gpt-mock" });
      const run = await chat.send(c.id, { content: "count to 3" });
      assertEquals(run.model, "demo");
      assertEquals(appends, 2);
      assertEquals(deltaText(await readEvents(run.subscribe())), counted(3));
      assertEquals(
        (await store.listMessages(c.id)).map((m) => m.content),
        ["count to 3", counted(3)],
      );
      // The old model was only listed, never asked.
      assertEquals(mock.requests.map((r) => r.path), ["/v1/models"]);
    });
  } finally {
    await mock.close();
  }
});

Deno.test("Chat service - a model changed before every append is a 409 a person can act on, nothing stored", async () => {
  let appends = 0;
  let store!: ChatStore;
  await withChat({
    wrapStore: (opened) =>
      store = beforeAppend(opened, async (call, id) => {
        appends = call;
        // demo, then the default (demo too), then demo: a change each time.
        await opened.updateConversation(id, {
          model: call % 2 ? null : "demo",
        });
      }),
  }, async ({ chat }) => {
    const c = await store.createConversation({ model: "demo" });
    const error = await chat.send(c.id, { content: "hello" }).then(
      () => null,
      (error) => error,
    );
    assertEquals(appends, 3);
    assertEquals(error?.status, 409);
    assertEquals(await store.listMessages(c.id), []);
    const answer = errorJson(error);
    assertEquals(answer.status, 409);
    assertEquals(await answer.json(), {
      error:
        "The chat's model was changed several times while your message was being sent, so it was not sent. Send it again.",
      reason: "model-changed",
    });
  });
});
