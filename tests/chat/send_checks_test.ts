import { assertEquals } from "@std/assert";
import { fsCallsDuring } from "../store/_helpers.ts";
import { counted, deltaText, readEvents, withChat } from "./helpers.ts";

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
