import { assert, assertEquals } from "@std/assert";
import { counted, deltaText, readEvents, withChat } from "./helpers.ts";

Deno.test("Reply memory - a compacted log keeps offsets only, and a reattach replays from the store exactly once", async () => {
  await withChat({ service: { maxRecentBytes: 150_000 } }, async ({
    store,
    chat,
  }) => {
    const { id } = await store.createConversation({ title: "Kept" });
    const run = await chat.send(id, { content: "count to 20000" });
    const live = await readEvents(run.subscribe());
    const text = counted(20_000);
    assertEquals(deltaText(live), text);
    // Over the bound: the text lives in the store now, not in the log.
    assertEquals(run.text, "");
    assert(
      run.retainedBytes < text.length,
      `${run.retainedBytes} bytes kept for ${text.length} characters`,
    );
    assertEquals(chat.currentRun(id), run);
    // Reattach from any point: the same events, once each, in order.
    for (const after of [-1, 0, 1, 777, live.length - 3]) {
      const replay = await readEvents(run.subscribe(after));
      assertEquals(replay, live.slice(after + 1), `after ${after}`);
    }
  });
});

Deno.test("Reply memory - finished logs are bounded: the oldest is forgotten first", async () => {
  await withChat(
    { service: { maxRecentBytes: 40_000 } },
    async ({ store, chat }) => {
      const ids = [];
      for (let i = 0; i < 3; i++) {
        const { id } = await store.createConversation({ title: `c${i}` });
        ids.push(id);
        const run = await chat.send(id, { content: "count to 4000" });
        await readEvents(run.subscribe());
      }
      // Each holds ~38 KB of text and ~16 KB of offsets: once texts are
      // dropped, only the newest two fit in 40 KB.
      assertEquals(chat.currentRun(ids[0]), undefined);
      assert(chat.currentRun(ids[1]));
      assert(chat.currentRun(ids[2]));
      // The forgotten reply is whole in the store.
      const reply = (await store.listMessages(ids[0])).at(-1)!;
      assertEquals(reply.content, counted(4000));
    },
  );
});
