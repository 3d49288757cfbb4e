import { assert, assertEquals } from "@std/assert";
import { fsCallsDuring, type TempStore, tempStore } from "./_helpers.ts";

/** A conversation with a question and the start of a reply to it. */
async function startedReply(
  t: TempStore,
  options: { title?: string; question?: string } = {},
) {
  const c = await t.store.createConversation({ title: options.title });
  const question = await t.store.appendMessage(c.id, {
    role: "user",
    content: options.question ?? "q",
  });
  return { c, question, streaming: () => replyTo(t, c.id, question.id) };
}

/** Start a reply: its placeholder row, as the chat service writes it. */
function replyTo(t: TempStore, conversationId: string, parentId: string) {
  return t.store.appendMessage(conversationId, {
    role: "assistant",
    content: "",
    parentId,
    status: "streaming",
  });
}

/** How many times `calls` stat `path` (the check for hand edits). */
function stats(calls: string[], path: string): number {
  return calls.filter((c) => c === `stat(${path})`).length;
}

Deno.test("File checks - a read-then-append checks each file once", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const first = await t.store.appendMessage(c.id, {
    role: "user",
    content: "one",
  });
  const file = `${t.dir}/conversations/${c.id}.csv`;
  let seen: string[] = [];
  const calls = await fsCallsDuring(() =>
    t.store.appendAfterRead(c.id, ({ messages }) => {
      seen = messages.map((m) => m.content);
      return {
        role: "assistant",
        content: "two",
        parentId: messages.at(-1)!.id,
      };
    })
  );
  assertEquals(seen, ["one"]);
  assertEquals(stats(calls, file), 1);
  assertEquals(stats(calls, `${t.dir}/conversations.csv`), 1);
  const messages = await t.store.listMessages(c.id);
  assertEquals(messages.map((m) => [m.content, m.parentId]), [
    ["one", null],
    ["two", first.id],
  ]);
});

Deno.test("File checks - a refused read-then-append stores nothing", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const file = `${t.dir}/conversations/${c.id}.csv`;
  const before = await Deno.readTextFile(file);
  let error: unknown;
  await t.store.appendAfterRead(c.id, () => {
    throw new Error("no");
  }).catch((e) => error = e);
  assertEquals((error as Error)?.message, "no");
  assertEquals(await Deno.readTextFile(file), before);
  assertEquals(await t.store.listMessages(c.id), []);
});

Deno.test("File checks - a reply's placeholder and checkpoints check no file", async () => {
  await using t = await tempStore();
  const { c, streaming } = await startedReply(t);
  const calls = await fsCallsDuring(async () => {
    const reply = await streaming();
    for (const text of ["a", "a b", "a b c"]) {
      await t.store.checkpoint(c.id, reply.id, text);
    }
  });
  assertEquals(calls.filter((call) => call.startsWith("stat(")), []);
  const [, reply] = await t.store.listMessages(c.id);
  assertEquals([reply.content, reply.status], ["a b c", "streaming"]);
});

Deno.test("Hand edits - an edit made while a reply streams is seen by the next read and by the final row", async () => {
  await using t = await tempStore();
  const { c, streaming } = await startedReply(t, { question: "question" });
  const reply = await streaming();
  const file = `${t.dir}/conversations/${c.id}.csv`;
  // Same size, so only the time tells: set one no write of ours could have.
  const edit = async (from: string, to: string) => {
    const text = await Deno.readTextFile(file);
    assert(text.includes(from));
    await Deno.writeTextFile(file, text.replace(from, to));
    await Deno.utime(file, 1_000_000, 1_000_000 + Math.random() * 1000);
  };
  await edit("question", "QUESTION");
  await t.store.checkpoint(c.id, reply.id, "some");
  let messages = await t.store.listMessages(c.id);
  assertEquals(messages.map((m) => [m.content, m.status]), [
    ["QUESTION", "complete"],
    ["some", "streaming"],
  ]);
  // An edit after that read, then only partial-file writes, then the end.
  await edit("QUESTION", "Question");
  await t.store.checkpoint(c.id, reply.id, "some text");
  await t.store.updateMessage(c.id, reply.id, {
    content: "some text, whole",
    status: "complete",
  });
  messages = await t.store.listMessages(c.id);
  assertEquals(messages.map((m) => [m.content, m.status]), [
    ["Question", "complete"],
    ["some text, whole", "complete"],
  ]);
  await t.reopen();
  assertEquals(
    (await t.store.listMessages(c.id)).map((m) => m.content),
    ["Question", "some text, whole"],
  );
});

Deno.test("Hand edits - an edit made before a send is what the send reads and follows", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  await t.store.appendMessage(c.id, { role: "user", content: "old" });
  const file = `${t.dir}/conversations/${c.id}.csv`;
  const text = await Deno.readTextFile(file);
  await Deno.writeTextFile(file, text.replace("old", "new by hand"));
  const { read, message } = await t.store.appendAfterRead(
    c.id,
    ({ messages }) => ({
      role: "assistant",
      content: "answer",
      parentId: messages.at(-1)!.id,
    }),
  );
  assertEquals(read.messages.map((m) => m.content), ["new by hand"]);
  assertEquals(message.parentId, read.messages[0].id);
  const after = await Deno.readTextFile(file);
  assert(after.startsWith(text.replace("old", "new by hand")));
  await t.reopen();
  assertEquals(
    (await t.store.listMessages(c.id)).map((m) => m.content),
    ["new by hand", "answer"],
  );
});

Deno.test("File checks - a reply's placeholder is written in one call, then renamed into place", async () => {
  await using t = await tempStore();
  const { c, streaming } = await startedReply(t);
  const calls = await fsCallsDuring(streaming);
  const partial = `${t.dir}/conversations/${c.id}.partial.csv`;
  assertEquals(calls.map((call) => call.replace(/\.tmp-[\d-]+/, ".tmp")), [
    `writeFile(${partial}.tmp)`,
    `rename(${partial}.tmp)`,
  ]);
  const [, reply] = await t.store.listMessages(c.id);
  assertEquals([reply.content, reply.status], ["", "streaming"]);
  assert((await Deno.readTextFile(partial)).includes(reply.id));
});

Deno.test("File checks - a reply's final row checks the messages file, not the index", async () => {
  await using t = await tempStore();
  const { c, streaming } = await startedReply(t);
  const reply = await streaming();
  const calls = await fsCallsDuring(() =>
    t.store.updateMessage(c.id, reply.id, {
      content: "a",
      status: "complete",
    })
  );
  assertEquals(stats(calls, `${t.dir}/conversations/${c.id}.csv`), 1);
  assertEquals(stats(calls, `${t.dir}/conversations.csv`), 0);
});

Deno.test("Hand edits - an index edit made while a reply runs is kept when the reply moves the conversation forward", async () => {
  await using t = await tempStore();
  const { c, streaming } = await startedReply(t, { title: "before" });
  const reply = await streaming();
  const index = `${t.dir}/conversations.csv`;
  const text = await Deno.readTextFile(index);
  assert(text.includes(",before,"));
  await Deno.writeTextFile(
    index,
    text.replace(",before,", ",renamed by hand,"),
  );
  const done = await t.store.updateMessage(c.id, reply.id, {
    content: "a",
    status: "complete",
  });
  assertEquals((await t.store.getConversation(c.id)).title, "renamed by hand");
  await t.reopen();
  const after = await t.store.getConversation(c.id);
  assertEquals(after.title, "renamed by hand");
  assert(after.updatedAt >= done.completedAt!, "moved forward");
});
