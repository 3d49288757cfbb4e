import { assert, assertEquals, assertRejects } from "@std/assert";
import { type Message, openCsvStore } from "../../lib/store/mod.ts";
import { childProcess, tempStore } from "./_helpers.ts";
import { newId } from "../../lib/store/uuid.ts";

async function tornFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const item of Deno.readDir(`${dir}/conversations`)) {
    if (item.name.includes(".torn-")) names.push(item.name);
  }
  return names;
}

async function removeTorn(dir: string): Promise<void> {
  for (const name of await tornFiles(dir)) {
    await Deno.remove(`${dir}/conversations/${name}`);
  }
}

Deno.test("Crash - torn last row at every byte offset", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let store = await openCsvStore({ dataDir: dir, log: () => {} });
    const c = await store.createConversation({ title: "torn" });
    const kept = [
      await store.appendMessage(c.id, { role: "user", content: "first" }),
      await store.appendMessage(c.id, {
        role: "assistant",
        content: 'second, with "quotes"\nand a newline',
      }),
    ];
    const path = `${dir}/conversations/${c.id}.csv`;
    const cut = (await Deno.stat(path)).size;
    const last = await store.appendMessage(c.id, {
      role: "user",
      content: 'ünï "cödé", 😀\nline two\n=1+2',
      model: "demo",
    });
    await store.close();
    const original = await Deno.readFile(path);
    assert(original.length - cut > 100);
    for (let k = cut; k <= original.length; k++) {
      await Deno.writeFile(path, original.subarray(0, k));
      await removeTorn(dir);
      store = await openCsvStore({ dataDir: dir, log: () => {} });
      const messages = await store.listMessages(c.id);
      const whole = k >= original.length - 1;
      assertEquals(messages, whole ? [...kept, last] : kept, `offset ${k}`);
      assertEquals((await store.getConversation(c.id)).damaged, null);
      const torn = await tornFiles(dir);
      if (k === cut || whole) {
        assertEquals(torn, [], `offset ${k}`);
        assertEquals(
          await Deno.readFile(path),
          original.subarray(0, whole ? original.length : cut),
        );
      } else {
        assertEquals(torn.length, 1, `offset ${k}`);
        const aside = await Deno.readFile(`${dir}/conversations/${torn[0]}`);
        assertEquals(aside, original.subarray(cut, k), `offset ${k}`);
        assertEquals(await Deno.readFile(path), original.subarray(0, cut));
        assert(
          store.problems().some((p) =>
            p.kind === "recovered" && p.message.includes(".torn-")
          ),
        );
      }
      // The repaired file takes new rows cleanly.
      const next = await store.appendMessage(c.id, {
        role: "user",
        content: "again",
      });
      await store.close();
      store = await openCsvStore({ dataDir: dir, log: () => {} });
      assertEquals(
        (await store.listMessages(c.id)).map((m) => m.id),
        [...(whole ? [...kept, last] : kept), next].map((m) => m.id),
        `offset ${k} after append`,
      );
      await store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Crash - torn checkpoint file keeps the last whole checkpoint", async () => {
  const dir = await Deno.makeTempDir();
  try {
    let store = await openCsvStore({ dataDir: dir, log: () => {} });
    const c = await store.createConversation();
    const user = await store.appendMessage(c.id, {
      role: "user",
      content: "Q",
    });
    const reply = await store.appendMessage(c.id, {
      role: "assistant",
      content: "",
      status: "streaming",
    });
    await store.checkpoint(c.id, reply.id, "one, two");
    const partial = `${dir}/conversations/${c.id}.partial.csv`;
    const cut = (await Deno.stat(partial)).size;
    await store.checkpoint(c.id, reply.id, 'one, two, "three"\nfour');
    const original = await Deno.readFile(partial);
    const main = await Deno.readFile(`${dir}/conversations/${c.id}.csv`);
    await store.close();
    for (let k = cut; k <= original.length; k++) {
      await Deno.writeFile(partial, original.subarray(0, k));
      await Deno.writeFile(`${dir}/conversations/${c.id}.csv`, main);
      await removeTorn(dir);
      store = await openCsvStore({ dataDir: dir, log: () => {} });
      const messages = await store.listMessages(c.id);
      assertEquals(messages.length, 2);
      assertEquals(messages[0], user);
      assertEquals(messages[1].status, "interrupted", `offset ${k}`);
      assertEquals(
        messages[1].content,
        k >= original.length - 1 ? 'one, two, "three"\nfour' : "one, two",
        `offset ${k}`,
      );
      await assertRejects(() => Deno.stat(partial), Deno.errors.NotFound);
      await store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const CHILD = `
import { openCsvStore } from ${
  JSON.stringify(new URL("../../lib/store/mod.ts", import.meta.url).href)
};
const store = await openCsvStore({ dataDir: Deno.args[0], log: () => {} });
const c = await store.createConversation({ title: "crashing" });
await store.appendMessage(c.id, { role: "user", content: "Tell me a story" });
const r = await store.appendMessage(c.id, { role: "assistant", content: "", status: "streaming" });
let text = "";
for (let i = 0; ; i++) {
  text += "word" + i + " ";
  await store.checkpoint(c.id, r.id, text);
  if (i === 20) console.log(JSON.stringify({ id: c.id, text }));
}
`;

Deno.test("Crash - a killed process: the reply comes back interrupted", async () => {
  const dir = await Deno.makeTempDir();
  const script = `${dir}.child.ts`;
  await Deno.writeTextFile(script, CHILD);
  try {
    const child = childProcess(script, dir, "inherit").spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream())
      .getReader();
    let out = "";
    while (!out.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      out += value;
    }
    child.kill("SIGKILL");
    await child.status;
    await reader.cancel();
    const seen = JSON.parse(out.split("\n")[0]) as { id: string; text: string };
    const store = await openCsvStore({ dataDir: dir, log: () => {} });
    try {
      const messages = await store.listMessages(seen.id);
      assertEquals(messages.map((m) => m.status), ["complete", "interrupted"]);
      assert(
        messages[1].content.startsWith(seen.text),
        "keeps at least the text checkpointed before the kill",
      );
      assert(/^(word\d+ )+$/.test(messages[1].content));
    } finally {
      await store.close();
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
    await Deno.remove(script);
  }
});

Deno.test("Crash - bad row in the middle: damaged, the rest served, file untouched", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "hurt" });
  const other = await t.store.createConversation({ title: "fine" });
  await t.store.appendMessage(other.id, { role: "user", content: "ok" });
  const ms: Message[] = [];
  for (let i = 0; i < 4; i++) {
    ms.push(
      await t.store.appendMessage(c.id, { role: "user", content: `m${i}` }),
    );
  }
  const path = `${t.dir}/conversations/${c.id}.csv`;
  const lines = (await Deno.readTextFile(path)).split("\r\n");
  lines[2] = lines[2].replace(",user,", ",robot,"); // line 3 of the file
  lines[3] = lines[3].split(",").slice(0, 4).join(","); // line 4: too short
  const broken = lines.join("\r\n");
  await Deno.writeTextFile(path, broken);
  await t.reopen();
  const conversation = await t.store.getConversation(c.id);
  assertEquals(conversation.damaged?.line, 3);
  assert(conversation.damaged?.message.includes("robot"));
  assertEquals(
    (await t.store.listMessages(c.id)).map((m) => m.content),
    ["m0", "m3"],
  );
  const lines2 = t.store.problems().filter((p) => p.conversationId === c.id)
    .map((p) => p.line);
  assertEquals(lines2, [3, 4]);
  assert(t.logs.some((l) => l.includes("Line 3")));
  assertEquals(await Deno.readTextFile(path), broken);
  assertEquals((await t.store.getConversation(other.id)).damaged, null);
  assertEquals((await t.store.listMessages(other.id)).length, 1);
  // Appending is still safe: the damaged rows stay as they were.
  await t.store.appendMessage(c.id, { role: "user", content: "m4" });
  assert((await Deno.readTextFile(path)).startsWith(broken));
});

Deno.test("Crash - a stray quote in the middle: every row is kept, the file is not rewritten", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  for (let i = 0; i < 3; i++) {
    await t.store.appendMessage(c.id, { role: "user", content: `m${i}` });
  }
  const path = `${t.dir}/conversations/${c.id}.csv`;
  const lines = (await Deno.readTextFile(path)).split("\r\n");
  lines[2] = lines[2].replace(/m1$/, '"m1');
  const broken = lines.join("\r\n");
  await Deno.writeTextFile(path, broken);
  await t.reopen();
  assertEquals((await t.store.listMessages(c.id)).map((m) => m.content), [
    "m0",
    '"m1',
    "m2",
  ]);
  assertEquals((await t.store.getConversation(c.id)).damaged?.line, 3);
  // A new message is added after the readable rows; the broken line stays.
  await t.store.appendMessage(c.id, { role: "user", content: "next" });
  const after = await Deno.readTextFile(path);
  assert(after.startsWith(broken), after);
  await t.reopen();
  assertEquals(
    (await t.store.listMessages(c.id)).map((m) => m.content).at(-1),
    "next",
  );
  assertEquals(await tornFiles(t.dir), []);
});

Deno.test("Crash - stale temp files of an atomic write are cleared", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  const stale = `${t.dir}/conversations/${c.id}.csv.tmp-123-4`;
  await Deno.writeTextFile(stale, "half");
  await t.reopen();
  await assertRejects(() => Deno.stat(stale), Deno.errors.NotFound);
  assertEquals((await t.store.listConversations()).conversations.length, 1);
});

Deno.test("Crash - a messages file missing from the index is adopted", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "lost" });
  await t.store.appendMessage(c.id, {
    role: "user",
    content: "\n  What is   the plan?\nmore",
  });
  await Deno.writeTextFile(
    `${t.dir}/conversations.csv`,
    "id,title,pinned,created_at,updated_at,model,temperature,system_prompt\r\n",
  );
  await t.reopen();
  const back = await t.store.getConversation(c.id);
  assertEquals(back.title, "What is the plan?");
  assert(t.logs.some((l) => l.includes("added back")));
});

Deno.test("Crash - torn row is cut at the exact byte even after invalid UTF-8", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  await t.store.appendMessage(c.id, { role: "user", content: "café" });
  await t.store.close();
  const path = `${t.dir}/conversations/${c.id}.csv`;
  // A Latin-1 "é" (one invalid byte) in a second row, then a torn third.
  const good = await Deno.readFile(path);
  const latin1 = new TextEncoder().encode(
    `${newId()},,user,complete,,,,,,,,,,caf?\r\n`,
  );
  latin1[latin1.length - 3] = 0xe9;
  const torn = new TextEncoder().encode(
    `${newId()},,user,complete,,,,,,,,,,"éé`,
  );
  const whole = new Uint8Array([...good, ...latin1, ...torn]);
  await Deno.writeFile(path, whole);
  await t.reopen();
  assertEquals(
    (await t.store.listMessages(c.id)).map((m) => m.content),
    ["café", "caf\uFFFD"],
  );
  assertEquals(
    await Deno.readFile(path),
    whole.subarray(0, good.length + latin1.length),
  );
  const [aside] = await tornFiles(t.dir);
  assertEquals(await Deno.readFile(`${t.dir}/conversations/${aside}`), torn);
});
