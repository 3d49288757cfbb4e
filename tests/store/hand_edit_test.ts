import { assert, assertEquals } from "@std/assert";
import { newId } from "../../lib/store/uuid.ts";
import { tempStore } from "./_helpers.ts";

const BOM = "\uFEFF";

Deno.test("Hand edits - spreadsheet-saved files load", async () => {
  await using t = await tempStore();
  const id = newId();
  const [m1, m2, m3] = [newId(), newId(), newId()];
  await t.store.close();
  await Deno.writeTextFile(
    `${t.dir}/conversations.csv`,
    BOM +
      "Title,ID,Pinned,Updated At,System Prompt\r\n" +
      `"Budget, 2025",${id},TRUE,2025-03-01 10:00:00Z,"Line one\nLine two"\r\n` +
      ",,,,\r\n\r\n",
  );
  await Deno.writeTextFile(
    `${t.dir}/conversations/${id}.csv`,
    BOM +
      "Content,Role,ID,Created_At\r\n" +
      `"Hello, ""you""\nsecond line",User,${m1},2025-03-01 09:00:00Z\r\n` +
      `Plain answer,ASSISTANT,${m2},\r\n` +
      `"=1+1",user,${m3},2025-03-01T09:02:00.000Z\r\n` +
      ",,,\r\n" +
      "\r\n\r\n",
  );
  await t.reopen();
  assertEquals(t.store.problems(), []);
  const c = await t.store.getConversation(id);
  assertEquals(c.title, "Budget, 2025");
  assertEquals(c.pinned, true);
  assertEquals(c.systemPrompt, "Line one\nLine two");
  assertEquals(c.damaged, null);
  const messages = await t.store.listMessages(id);
  assertEquals(messages.map((m) => [m.id, m.role, m.content, m.status]), [
    [m1, "user", 'Hello, "you"\nsecond line', "complete"],
    [m2, "assistant", "Plain answer", "complete"],
    [m3, "user", "=1+1", "complete"],
  ]);
  assertEquals(messages[0].createdAt, "2025-03-01T09:00:00.000Z");
  // New rows go after the hand-made ones and everything still reads.
  await t.store.appendMessage(id, { role: "user", content: "after" });
  assert(
    t.logs.some((l) => l.includes("lacked the column(s) parent_id, status")),
  );
  await t.reopen();
  assertEquals((await t.store.listMessages(id)).length, 4);
  assertEquals(t.store.problems(), []);
  const names: string[] = [];
  for await (const item of Deno.readDir(`${t.dir}/conversations`)) {
    names.push(item.name);
  }
  assert(names.some((n) => n.startsWith(`${id}.csv.orig-`)));
});

Deno.test("Hand edits - reordered columns are kept when appending", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  await t.store.appendMessage(c.id, { role: "user", content: "one" });
  const path = `${t.dir}/conversations/${c.id}.csv`;
  const lines = (await Deno.readTextFile(path)).split("\r\n");
  const reversed =
    lines.filter(Boolean).map((l) => l.split(",").reverse().join(","))
      .join("\r\n") + "\r\n";
  await Deno.writeTextFile(path, reversed);
  await t.store.appendMessage(c.id, { role: "assistant", content: "two, too" });
  const text = await Deno.readTextFile(path);
  assert(text.startsWith(reversed));
  await t.reopen();
  assertEquals(
    (await t.store.listMessages(c.id)).map((m) => [m.role, m.content]),
    [["user", "one"], ["assistant", "two, too"]],
  );
  assertEquals(t.store.problems(), []);
  assert(text.slice(reversed.length).startsWith('"two, too",'));
});

Deno.test("Hand edits - a change on disk is picked up by the next read", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Before" });
  await t.store.appendMessage(c.id, { role: "user", content: "typo herre" });
  const path = `${t.dir}/conversations/${c.id}.csv`;
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, text.replace("typo herre", "typo fixed here"));
  assertEquals(
    (await t.store.listMessages(c.id))[0].content,
    "typo fixed here",
  );
  const index = `${t.dir}/conversations.csv`;
  await Deno.writeTextFile(
    index,
    (await Deno.readTextFile(index)).replace("Before", "Renamed by hand"),
  );
  assertEquals((await t.store.getConversation(c.id)).title, "Renamed by hand");
  assertEquals(
    (await t.store.listConversations()).conversations[0].title,
    "Renamed by hand",
  );
  // Our next index write keeps the hand edit.
  await t.store.createConversation({ title: "Another" });
  await t.reopen();
  assertEquals((await t.store.getConversation(c.id)).title, "Renamed by hand");
  assertEquals(
    (await t.store.listMessages(c.id))[0].content,
    "typo fixed here",
  );
});

Deno.test("Hand edits - an invalid edit is reported, never fatal", async () => {
  await using t = await tempStore();
  const bad = await t.store.createConversation({ title: "bad" });
  const good = await t.store.createConversation({ title: "good" });
  await t.store.appendMessage(bad.id, { role: "user", content: "one" });
  await t.store.appendMessage(bad.id, { role: "user", content: "two" });
  await t.store.appendMessage(good.id, { role: "user", content: "fine" });
  const path = `${t.dir}/conversations/${bad.id}.csv`;
  const text = await Deno.readTextFile(path);
  const edited = text.replace(",user,complete,", ",usr,complete,");
  await Deno.writeTextFile(path, edited);
  const messages = await t.store.listMessages(bad.id);
  assertEquals(messages.map((m) => m.content), ["two"]);
  const damaged = (await t.store.getConversation(bad.id)).damaged;
  assertEquals(damaged?.line, 2);
  assert(damaged?.message.includes('role "usr"'));
  assert(t.logs.some((l) => l.includes('role "usr"')));
  assertEquals((await t.store.listMessages(good.id)).length, 1);
  assertEquals((await t.store.getConversation(good.id)).damaged, null);
  const listed = (await t.store.listConversations()).conversations;
  assertEquals(listed.find((c) => c.id === bad.id)?.damaged?.line, 2);
  assertEquals(await Deno.readTextFile(path), edited);
  // Fixing the file by hand clears the report.
  await Deno.writeTextFile(path, text + "");
  await t.store.listMessages(bad.id);
  assertEquals((await t.store.getConversation(bad.id)).damaged, null);
});

Deno.test("Hand edits - a last row saved without a row end", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  await t.store.appendMessage(c.id, { role: "user", content: "one" });
  const path = `${t.dir}/conversations/${c.id}.csv`;
  const id = newId();
  await Deno.writeTextFile(
    path,
    (await Deno.readTextFile(path)) + `${id},,user,complete,,,,,,,,,,typed in`,
  );
  assertEquals(
    (await t.store.listMessages(c.id)).map((m) => m.content),
    ["one", "typed in"],
  );
  await t.store.appendMessage(c.id, { role: "assistant", content: "two" });
  await t.reopen();
  assertEquals(
    (await t.store.listMessages(c.id)).map((m) => m.content),
    ["one", "typed in", "two"],
  );
  assertEquals(t.store.problems(), []);
});

Deno.test("Hand edits - unreadable index rows are reported and kept aside", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "kept" });
  await t.store.close();
  const index = `${t.dir}/conversations.csv`;
  const text = await Deno.readTextFile(index);
  await Deno.writeTextFile(index, text + "not-an-id,Broken,false,,,,,\r\n");
  await t.reopen();
  assertEquals((await t.store.getConversation(c.id)).title, "kept");
  const problem = t.store.problems().find((p) =>
    p.file === "conversations.csv"
  );
  assertEquals(problem?.line, 3);
  const names: string[] = [];
  for await (const item of Deno.readDir(t.dir)) names.push(item.name);
  assert(names.some((n) => n.startsWith("conversations.csv.damaged-")));
});

Deno.test("Hand edits - a file of only a header, or only a BOM, takes rows", async () => {
  await using t = await tempStore();
  const a = await t.store.createConversation();
  const b = await t.store.createConversation();
  await t.store.close();
  await Deno.writeTextFile(
    `${t.dir}/conversations/${a.id}.csv`,
    "\uFEFFid,role,content",
  );
  await Deno.writeTextFile(`${t.dir}/conversations/${b.id}.csv`, "\uFEFF");
  await t.reopen();
  assertEquals(t.store.problems(), []);
  await t.store.appendMessage(a.id, { role: "user", content: "to a" });
  await t.store.appendMessage(b.id, { role: "user", content: "to b" });
  await t.reopen();
  assertEquals((await t.store.listMessages(a.id))[0].content, "to a");
  assertEquals((await t.store.listMessages(b.id))[0].content, "to b");
});
