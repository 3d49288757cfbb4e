import { assert, assertEquals, assertRejects } from "@std/assert";
import { shownPath } from "../../lib/api/message_tree.ts";
import { ValidationError } from "../../lib/errors.ts";
import { newId } from "../../lib/store/mod.ts";
import { tempStore } from "./_helpers.ts";
import { BACKENDS } from "./_backends.ts";

for (const backend of BACKENDS) {
  const name = (what: string) => `Message tree - ${what} [${backend.name}]`;

  Deno.test(
    name("branches, roots and the shown leaf survive a reopen"),
    async () => {
      await using temp = await backend.open();
      let store = temp.store;
      const c = await store.createConversation({ title: "Tree" });
      const q1 = await store.appendMessage(c.id, {
        role: "user",
        content: "q1",
      });
      const a1 = await store.appendMessage(c.id, {
        role: "assistant",
        content: "a1",
      });
      // Appended without a parent: it follows the shown branch's end.
      assertEquals(q1.parentId, null);
      assertEquals(a1.parentId, q1.id);
      const a1b = await store.appendMessage(c.id, {
        role: "assistant",
        content: "a1 again",
        parentId: q1.id,
      });
      const q1b = await store.appendMessage(c.id, {
        role: "user",
        content: "q1 edited",
        parentId: null,
      });
      const q2 = await store.appendMessage(c.id, {
        role: "user",
        content: "q2",
        parentId: a1.id,
      });
      let conversation = await store.getConversation(c.id);
      assertEquals(conversation.leafId, q2.id);
      conversation = await store.updateConversation(c.id, { leafId: a1b.id });

      store = await temp.reopen();
      const messages = await store.listMessages(c.id);
      assertEquals(
        messages.map((m) => [m.content, m.parentId]),
        [
          ["q1", null],
          ["a1", q1.id],
          ["a1 again", q1.id],
          ["q1 edited", null],
          ["q2", a1.id],
        ],
      );
      const reread = await store.getConversation(c.id);
      assertEquals(reread.leafId, a1b.id);
      assertEquals(shownPath(messages, reread.leafId).map((m) => m.id), [
        q1.id,
        a1b.id,
      ]);
      assertEquals(shownPath(messages, q1b.id).map((m) => m.content), [
        "q1 edited",
      ]);
      if (backend.name === "csv") {
        // A person reading the file sees who follows whom.
        const text = await Deno.readTextFile(
          `${temp.dir}/conversations/${c.id}.csv`,
        );
        assert(text.startsWith("id,parent_id,role,"), text.slice(0, 40));
        assert(text.includes(`${q1b.id},root,user`), "a later root says so");
        // Nothing was rewritten: one row per message, in order.
        assertEquals(text.trimEnd().split("\r\n").length, 6);
      }

      await assertRejects(
        () =>
          store.appendMessage(c.id, {
            role: "user",
            content: "x",
            parentId: newId(),
          }),
        ValidationError,
        "parentId",
      );
      await assertRejects(
        () => store.updateConversation(c.id, { leafId: newId() }),
        ValidationError,
        "leafId",
      );
    },
  );

  Deno.test(
    name("concurrent edits of one message both stay, as siblings"),
    async () => {
      await using temp = await backend.open();
      const store = temp.store;
      const c = await store.createConversation();
      const q = await store.appendMessage(c.id, { role: "user", content: "q" });
      const a = await store.appendMessage(c.id, {
        role: "assistant",
        content: "a",
      });
      const q2 = await store.appendMessage(c.id, {
        role: "user",
        content: "q2",
      });
      const edits = await Promise.all(
        ["first edit", "second edit", "third edit"].map((content) =>
          store.appendMessage(c.id, { role: "user", content, parentId: a.id })
        ),
      );
      const reopened = await temp.reopen();
      const messages = await reopened.listMessages(c.id);
      const siblings = messages.filter((m) => m.parentId === a.id);
      assertEquals(
        siblings.map((m) => m.id).sort(),
        [q2.id, ...edits.map((e) => e.id)].sort(),
      );
      assertEquals(new Set(siblings.map((m) => m.content)).size, 4);
      assertEquals(messages.find((m) => m.id === q.id)?.content, "q");
      // The last one written is shown.
      const leaf = (await reopened.getConversation(c.id)).leafId;
      assert(edits.some((e) => e.id === leaf));
    },
  );
}

Deno.test("Message tree - an older file without parent_id reads as one straight line and is upgraded on write", async () => {
  await using temp = await tempStore();
  const c = await temp.store.createConversation({ title: "Old" });
  await temp.store.close();
  const ids = [newId(), newId(), newId()];
  // The layout before parent_id existed, and an index without leaf_id.
  await Deno.writeTextFile(
    `${temp.dir}/conversations/${c.id}.csv`,
    "id,role,status,created_at,completed_at,model,finish_reason," +
      "prompt_tokens,completion_tokens,error,content\r\n" +
      `${ids[0]},user,complete,2025-01-01T00:00:00.000Z,,,,,,,hi\r\n` +
      `${
        ids[1]
      },assistant,complete,2025-01-01T00:00:01.000Z,,demo,stop,,,,hello\r\n` +
      `${ids[2]},user,complete,2025-01-01T00:00:02.000Z,,,,,,,again\r\n`,
  );
  const index = `${temp.dir}/conversations.csv`;
  const lines = (await Deno.readTextFile(index)).split("\r\n");
  const header = lines[0].split(",");
  const leafAt = header.indexOf("leaf_id");
  const drop = (line: string) =>
    line === ""
      ? line
      : line.split(",").filter((_, i) => i !== leafAt).join(",");
  await Deno.writeTextFile(index, lines.map(drop).join("\r\n"));

  const store = await temp.reopen();
  const messages = await store.listMessages(c.id);
  assertEquals(messages.map((m) => m.parentId), [null, ids[0], ids[1]]);
  assertEquals((await store.getConversation(c.id)).leafId, null);
  assertEquals(shownPath(messages, null).length, 3);
  // An edit of the last question in that file: the file gets the column.
  const edit = await store.appendMessage(c.id, {
    role: "user",
    content: "again, edited",
    parentId: ids[1],
  });
  const reopened = await temp.reopen();
  const after = await reopened.listMessages(c.id);
  assertEquals(after.map((m) => m.parentId), [null, ids[0], ids[1], ids[1]]);
  assertEquals((await reopened.getConversation(c.id)).leafId, edit.id);
});
