import { shownPath } from "../../lib/api/message_tree.ts";
import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  escapeCell,
  exportConversation,
  planImport,
  runImport,
  unescapeCell,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../../lib/store/mod.ts";
import { parse } from "@std/csv";
import { randomText, seeded, tempStore } from "./_helpers.ts";

async function sample(t: Awaited<ReturnType<typeof tempStore>>) {
  const c = await t.store.createConversation({
    title: "Ünïcode & Formulas!",
    systemPrompt: "=Be exact.\nTwo lines.",
    model: "demo",
    temperature: 0.4,
  });
  const contents = [
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "\tx",
    "'=already",
    'plain, "quoted"\nnext',
  ];
  for (const [i, content] of contents.entries()) {
    await t.store.appendMessage(c.id, {
      role: i % 2 ? "assistant" : "user",
      content,
      model: i % 2 ? "demo" : null,
    });
  }
  return {
    conversation: await t.store.getConversation(c.id),
    messages: await t.store.listMessages(c.id),
  };
}

Deno.test("Export - escapeCell and unescapeCell are inverse and inert", () => {
  const random = seeded(99);
  for (let i = 0; i < 500; i++) {
    const value = randomText(random);
    const escaped = escapeCell(value);
    assertEquals(unescapeCell(escaped), value);
    assert(!/^[=+\-@\t\r]/.test(escaped), JSON.stringify(escaped));
  }
  assertEquals(escapeCell("=1"), "'=1");
  assertEquals(escapeCell("'=1"), "''=1");
  assertEquals(escapeCell("a=1"), "a=1");
});

Deno.test("Export - CSV: BOM, escaped formulas, readable back", async () => {
  await using t = await tempStore();
  const { conversation, messages } = await sample(t);
  const file = exportConversation(conversation, messages, "csv");
  assertEquals(file.filename, "unicode-formulas.csv");
  assertEquals(file.contentType, "text/csv; charset=utf-8");
  assert(file.body.startsWith("\uFEFFid,parent_id,role,status,"));
  const rows = parse(file.body);
  for (const row of rows) {
    for (const cell of row) assert(!/^[=+\-@\t\r]/.test(cell), cell);
  }
  assertEquals(
    rows.slice(1).map((r) => unescapeCell(r[13])),
    messages.map((m) => m.content),
  );
});

Deno.test("Export - Markdown and JSON", async () => {
  await using t = await tempStore();
  const { conversation, messages } = await sample(t);
  const md = exportConversation(conversation, messages, "md");
  assert(md.body.startsWith("# Ünïcode & Formulas!\n"));
  assert(md.body.includes("> =Be exact.\n> Two lines."));
  assert(md.body.includes("*Model: demo · Temperature: 0.4*"));
  assert(md.body.includes("## Assistant"));
  assert(md.body.includes('plain, "quoted"\nnext'));
  const json = exportConversation(conversation, messages, "json");
  const parsed = JSON.parse(json.body);
  assertEquals(parsed.format, "liveaichat.conversation");
  assertEquals(parsed.messages, messages);
  assertEquals(parsed.conversation.title, conversation.title);
  assertEquals("damaged" in parsed.conversation, false);
});

Deno.test("Import - our JSON and CSV exports round-trip", async () => {
  await using t = await tempStore();
  const { conversation, messages } = await sample(t);
  for (const format of ["json", "csv"] as const) {
    const file = exportConversation(conversation, messages, format);
    const plan = await planImport(file.body, { filename: file.filename });
    assertEquals(plan.skipped, []);
    const report = await runImport(t.store, plan);
    assertEquals(report.imported.length, 1);
    assertEquals(report.imported[0].messages, messages.length);
    const copy = await t.store.listMessages(report.imported[0].id);
    // New ids, same tree: each parent is the same position as before.
    const strip = (list: typeof messages) =>
      list.map((m) => ({
        ...m,
        id: "",
        parentId: list.findIndex((p) => p.id === m.parentId),
      }));
    assertEquals(strip(copy), strip(messages));
    const c = await t.store.getConversation(report.imported[0].id);
    assertEquals(
      [c.title, c.systemPrompt, c.model, c.temperature],
      [conversation.title, "=Be exact.\nTwo lines.", "demo", 0.4],
      format,
    );
  }
});

function node(
  id: string,
  parent: string | null,
  children: string[],
  message: unknown,
) {
  return { id, parent, children, message };
}

function msg(role: string, text: unknown, extra: Record<string, unknown> = {}) {
  return {
    author: { role },
    create_time: 1_700_000_000,
    content: { content_type: "text", parts: [text] },
    status: "finished_successfully",
    metadata: {},
    ...extra,
  };
}

const CHATGPT = [
  {
    title: "Branchy",
    create_time: 1_700_000_000.5,
    update_time: 1_700_000_100,
    current_node: "d2",
    mapping: {
      root: node("root", null, ["s"], null),
      s: node("s", "root", ["u1"], msg("system", "")),
      u1: node("u1", "s", ["a1"], msg("user", "Hello?")),
      a1: node(
        "a1",
        "u1",
        ["u2", "u2b"],
        msg("assistant", "Hi!", { metadata: { model_slug: "gpt-4o" } }),
      ),
      u2: node("u2", "a1", ["d1"], msg("user", "old branch")),
      d1: node("d1", "u2", [], msg("assistant", "old answer")),
      u2b: node("u2b", "a1", ["t1"], msg("user", "new branch")),
      t1: node("t1", "u2b", ["d2"], msg("tool", "search results")),
      d2: node("d2", "t1", [], {
        author: { role: "assistant" },
        create_time: 1_700_000_050,
        content: { content_type: "code", text: "print(1)" },
        metadata: {},
      }),
    },
  },
  {
    title: "Empty",
    current_node: "r",
    mapping: { r: node("r", null, [], null) },
  },
  {
    title: "Pictures",
    current_node: "p",
    mapping: {
      q: node("q", null, ["p"], msg("user", "Look")),
      p: node("p", "q", [], {
        author: { role: "assistant" },
        content: {
          content_type: "multimodal_text",
          parts: [{ asset: 1 }, "A cat."],
        },
        metadata: {},
      }),
    },
  },
];

Deno.test("Import - ChatGPT conversations.json keeps every branch and shows the current one", async () => {
  await using t = await tempStore();
  const plan = await planImport(JSON.stringify(CHATGPT));
  assertEquals(plan.format, "chatgpt");
  const report = await runImport(t.store, plan);
  assertEquals(report.imported.map((i) => [i.title, i.messages]), [
    ["Branchy", 5],
    ["Pictures", 2],
  ]);
  const branchy = await t.store.listMessages(report.imported[0].id);
  const byId = new Map(branchy.map((m) => [m.id, m.content]));
  assertEquals(
    branchy.map((m) => [m.role, m.content, byId.get(m.parentId!) ?? null]),
    [
      ["user", "Hello?", null],
      ["assistant", "Hi!", "Hello?"],
      ["user", "old branch", "Hi!"],
      ["assistant", "old answer", "old branch"],
      ["user", "new branch", "Hi!"],
    ],
  );
  const shown = await t.store.getConversation(report.imported[0].id);
  assertEquals(shownPath(branchy, shown.leafId).map((m) => m.content), [
    "Hello?",
    "Hi!",
    "new branch",
  ]);
  assertEquals(branchy[1].model, "gpt-4o");
  assertEquals(branchy[0].createdAt, "2023-11-14T22:13:20.000Z");
  const reasons = report.skipped.map((s) => `${s.item}: ${s.reason}`);
  assert(
    reasons.some((r) => r.includes("Branchy") && r.includes("a tool message")),
  );
  assert(reasons.some((r) => r.includes('content of type "code"')));
  assert(reasons.some((r) => r.includes("Empty") && r.includes("no messages")));
  assert(
    reasons.some((r) => r.includes("Pictures") && r.includes("attachments")),
  );
  const c = await t.store.getConversation(report.imported[0].id);
  assertEquals(c.createdAt, "2023-11-14T22:13:20.500Z");
});

Deno.test("Import - bad files are refused and import nothing", async () => {
  await using t = await tempStore();
  await assertRejects(
    () => planImport("{ not json"),
    ValidationError,
    "not valid JSON",
  );
  await assertRejects(
    () => planImport("just some text\nwith lines"),
    UnsupportedMediaTypeError,
  );
  await assertRejects(
    () => planImport('{"hello": 1}'),
    UnsupportedMediaTypeError,
  );
  const plan = await planImport("role,content\r\nrobot,beep\r\nuser,fine\r\n");
  assertEquals(plan.skipped, [
    { item: "line 2", reason: "role must be user, assistant or system" },
  ]);
  const report = await runImport(t.store, plan);
  assertEquals(report.imported.length, 1);
  assertEquals((await t.store.listConversations()).conversations.length, 1);
});

Deno.test("Import - a CSV without a title column is named after its file", async () => {
  const plan = await planImport("role,content\nuser,Hi\n", {
    filename: "notes.csv",
  });
  assertEquals(plan.conversations[0].conversation.title, "notes");
  assertEquals(plan.conversations[0].conversation.temperature, null);
});

Deno.test("Import - a large CSV is read in chunks with the right line numbers", async () => {
  const rows = ["role,content"];
  for (let i = 2; i <= 3_000; i++) {
    const content = `"row ${i}, ${"x".repeat(300)}\nsecond line"`;
    rows.push(i === 2_500 ? `robot,${content}` : `user,${content}`);
  }
  // Each row takes two lines of the file.
  const plan = await planImport(rows.join("\r\n") + "\r\n");
  assertEquals(plan.conversations[0].messages.length, 2_998);
  assertEquals(plan.skipped, [
    { item: "line 4998", reason: "role must be user, assistant or system" },
  ]);
  assert(plan.conversations[0].messages[2_997].content.startsWith("row 3000,"));
});
