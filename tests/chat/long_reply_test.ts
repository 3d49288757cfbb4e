import { assert, assertEquals } from "@std/assert";
import { openCsvStore } from "../../lib/store/mod.ts";
import { counted, deltaText, readEvents, withChat } from "./helpers.ts";

Deno.test("Long replies - a reply of over a million characters is kept whole", async () => {
  await withChat({}, async ({ dir, store, chat }) => {
    const { id } = await store.createConversation({ title: "Long" });
    const run = await chat.send(id, { content: "count to 160000" });
    await run.finished;
    assertEquals(run.status, "complete");
    const expected = counted(160_000);
    assert(expected.length > 1_000_000);
    assertEquals(run.text.length, expected.length);
    await store.close();
    // Read back from the files, as after a restart.
    const reopened = await openCsvStore({ dataDir: dir, log: () => {} });
    const reply = (await reopened.listMessages(id)).at(-1)!;
    await reopened.close();
    assertEquals(reply.status, "complete");
    assertEquals(reply.content.length, expected.length);
    assert(reply.content === expected);
  });
});

Deno.test("Long replies - MAX_REPLY_CHARS ends a reply with finish reason length and keeps its text", async () => {
  await withChat(
    { service: { maxReplyChars: 5_000 } },
    async ({ store, chat }) => {
      const { id } = await store.createConversation({ title: "Capped" });
      const run = await chat.send(id, { content: "count to 3000" });
      const events = await readEvents(run.subscribe());
      const done = events.findLast((e) => e.type === "done");
      assert(done?.type === "done");
      assertEquals(done.status, "complete");
      assertEquals(done.finishReason, "length");
      const text = deltaText(events);
      assertEquals(text.length, 5_000);
      assert(counted(3000).startsWith(text));
      const reply = (await store.listMessages(id)).at(-1)!;
      assertEquals(
        [reply.status, reply.finishReason, reply.content],
        ["complete", "length", text],
      );
    },
  );
});
