import { assert, assertEquals, assertRejects } from "@std/assert";
import { openCsvStore } from "../../lib/store/mod.ts";
import { DataDirLockedError } from "../../lib/store/lock.ts";
import { childProcess, tempStore } from "./_helpers.ts";

Deno.test("Concurrency - 100 appends at once give 100 intact rows", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const contents = Array.from(
    { length: 100 },
    (_, i) => `message ${i}, "quoted"\n${"x".repeat(i * 37)}`,
  );
  const written = await Promise.all(
    contents.map((content) =>
      t.store.appendMessage(c.id, { role: "user", content })
    ),
  );
  // Appends land in call order.
  assertEquals(written.map((m) => m.content), contents);
  const text = await Deno.readTextFile(`${t.dir}/conversations/${c.id}.csv`);
  assertEquals(text.split("\r\n").length, 102); // header + 100 rows + ""
  await t.reopen();
  assertEquals(await t.store.listMessages(c.id), written);
  assertEquals(t.store.problems(), []);
});

Deno.test("Concurrency - appends to many conversations interleave safely", async () => {
  await using t = await tempStore();
  const conversations = await Promise.all(
    Array.from(
      { length: 10 },
      (_, i) => t.store.createConversation({ title: `c${i}` }),
    ),
  );
  await Promise.all(
    conversations.flatMap((c) =>
      Array.from(
        { length: 10 },
        (_, i) =>
          t.store.appendMessage(c.id, {
            role: "user",
            content: `${c.title}/${i}`,
          }),
      )
    ),
  );
  await t.reopen();
  assertEquals((await t.store.listConversations()).conversations.length, 10);
  for (const c of conversations) {
    assertEquals(
      (await t.store.listMessages(c.id)).map((m) => m.content),
      Array.from({ length: 10 }, (_, i) => `${c.title}/${i}`),
    );
  }
});

Deno.test("Concurrency - a second store on the same folder is refused", async () => {
  await using t = await tempStore();
  const error = await assertRejects(
    () => openCsvStore({ dataDir: t.dir }),
    DataDirLockedError,
  );
  assert(error.message.includes("in use by another LiveAiChat process"));
  assert(error.message.includes(`pid ${Deno.pid}`));
});

const CHILD = `
import { openCsvStore } from ${
  JSON.stringify(new URL("../../lib/store/mod.ts", import.meta.url).href)
};
try {
  const store = await openCsvStore({ dataDir: Deno.args[0] });
  await store.close();
  console.log("opened");
} catch (error) {
  console.log(error.name + ": " + error.message);
  Deno.exit(3);
}
`;

async function openInChild(dir: string) {
  const script = `${dir}.child.ts`;
  await Deno.writeTextFile(script, CHILD);
  try {
    const out = await childProcess(script, dir, "piped").output();
    return { code: out.code, text: new TextDecoder().decode(out.stdout) };
  } finally {
    await Deno.remove(script);
  }
}

Deno.test("Concurrency - a second process refuses to start, then may after close", async () => {
  await using t = await tempStore();
  await t.store.createConversation();
  const refused = await openInChild(t.dir);
  assertEquals(refused.code, 3);
  assert(refused.text.startsWith("DataDirLockedError: The data folder"));
  assert(refused.text.includes("set DATA_DIR to a different folder"));
  await t.store.close();
  const allowed = await openInChild(t.dir);
  assertEquals(allowed.text.trim(), "opened");
  await t.reopen();
});
