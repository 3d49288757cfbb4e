import { assert, assertEquals } from "@std/assert";
import type { Message } from "../../lib/store/mod.ts";
import { randomText, seeded, stored, tempStore } from "./_helpers.ts";

const ROLES = ["user", "assistant", "system"] as const;

Deno.test("Round trip - random hostile content survives write and reopen", async () => {
  await using t = await tempStore();
  const random = seeded(20250101);
  const expected = new Map<string, Message[]>();
  for (let c = 0; c < 6; c++) {
    const conversation = await t.store.createConversation({
      title: randomText(random).replace(/\s+/g, " ").trim().slice(0, 200) ||
        "untitled",
      systemPrompt: randomText(random),
    });
    const messages: Message[] = [];
    for (let i = 0; i < 25; i++) {
      const content = randomText(random);
      const m = await t.store.appendMessage(conversation.id, {
        role: ROLES[Math.floor(random() * 3)],
        content,
        model: random() < 0.5 ? "demo" : null,
        error: random() < 0.1 ? randomText(random).slice(0, 100) : null,
      });
      assertEquals(m.content, stored(content));
      messages.push(m);
    }
    expected.set(conversation.id, messages);
  }
  const conversations = (await t.store.listConversations({ limit: 200 }))
    .conversations;
  await t.reopen();
  assertEquals(
    (await t.store.listConversations({ limit: 200 })).conversations,
    conversations,
  );
  for (const [id, messages] of expected) {
    assertEquals(await t.store.listMessages(id), messages);
  }
  assertEquals(t.store.problems(), []);
});

Deno.test("Round trip - rows end with CRLF and values hold no CR", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation();
  await t.store.appendMessage(c.id, { role: "user", content: "a\r\nb\rc\n" });
  const bytes = await Deno.readFile(`${t.dir}/conversations/${c.id}.csv`);
  const text = new TextDecoder().decode(bytes);
  // Every CR is followed by LF, and every CRLF ends a row.
  assertEquals(text.match(/\r(?!\n)/g), null);
  assertEquals(text.split("\r\n").length, 3);
  assertEquals((await t.store.listMessages(c.id))[0].content, "a\nb\nc\n");
});

const PYTHON = `
import csv, json, sys
out = {}
for path in sys.argv[1:]:
    with open(path, newline="", encoding="utf-8") as f:
        out[path] = list(csv.reader(f, strict=True))
print(json.dumps(out))
`;

Deno.test("Round trip - python's csv module reads our files identically", async () => {
  await using t = await tempStore();
  const random = seeded(7);
  const ids: string[] = [];
  for (let c = 0; c < 3; c++) {
    const conversation = await t.store.createConversation({
      title: `t${c} ${randomText(random)}`.replace(/\s+/g, " ").slice(0, 200),
      systemPrompt: randomText(random),
      temperature: 0.5,
    });
    ids.push(conversation.id);
    for (let i = 0; i < 20; i++) {
      await t.store.appendMessage(conversation.id, {
        role: ROLES[i % 3],
        content: randomText(random),
        promptTokens: i,
      });
    }
  }
  await t.store.close();
  const index = `${t.dir}/conversations.csv`;
  const files = ids.map((id) => `${t.dir}/conversations/${id}.csv`);
  const run = await new Deno.Command("python3", {
    args: ["-c", PYTHON, index, ...files],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert(run.success, new TextDecoder().decode(run.stderr));
  const parsed = JSON.parse(new TextDecoder().decode(run.stdout)) as Record<
    string,
    string[][]
  >;
  t.store = await (await import("../../lib/store/mod.ts")).openCsvStore({
    dataDir: t.dir,
    log: () => {},
  });
  const rows = parsed[index];
  assertEquals(rows[0], [
    "id",
    "title",
    "pinned",
    "created_at",
    "updated_at",
    "model",
    "temperature",
    "max_output_tokens",
    "leaf_id",
    "system_prompt",
  ]);
  const conversations = (await t.store.listConversations()).conversations;
  for (const row of rows.slice(1)) {
    const c = conversations.find((x) => x.id === row[0])!;
    assertEquals(row, [
      c.id,
      c.title,
      "false",
      c.createdAt,
      c.updatedAt,
      "",
      "0.5",
      "",
      c.leafId ?? "",
      c.systemPrompt,
    ]);
  }
  for (const [k, id] of ids.entries()) {
    const [header, ...body] = parsed[files[k]];
    assertEquals(header.at(-1), "content");
    const messages = await t.store.listMessages(id);
    assertEquals(body.length, messages.length);
    for (const [i, row] of body.entries()) {
      const m = messages[i];
      assertEquals(row, [
        m.id,
        m.parentId ?? "root",
        m.role,
        m.status,
        m.createdAt,
        m.completedAt ?? "",
        "",
        "",
        String(i),
        "",
        "",
        "",
        "",
        m.content,
      ]);
    }
  }
});
