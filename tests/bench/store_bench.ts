/**
 * Costs of the CSV store, each beside a baseline of plain file calls on the
 * same bytes in the same run:
 *
 * - durable append (one row written and synced) and checkpoint, p50/p99,
 *   against an append-mode `write` + `syncData()` of the same row bytes;
 * - loading a 2,000-message conversation, against `Deno.readTextFile` of
 *   the same file;
 * - opening, listing and searching 10,000 conversations, against reading
 *   the index file (and, for the open, every file) with `readTextFile`.
 *
 * Run: `deno run -A tests/bench/store_bench.ts`. Aims: append ≤ 2 ms p50,
 * 2k-message load ≤ 20 ms, list/search 10k ≤ 10 ms.
 */
import {
  CONVERSATION_COLUMNS,
  conversationToRow,
  encodeRows,
  type IndexEntry,
  MESSAGE_COLUMNS,
  messageToRow,
} from "../../lib/store/columns.ts";
import { type Message, newId, openCsvStore } from "../../lib/store/mod.ts";

const rows: string[][] = [];

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`;
}

function report(what: string, store: number, baseline: number, base: string) {
  rows.push([
    what,
    fmt(store),
    `${fmt(baseline)} (${base})`,
    `${(store / baseline).toFixed(1)}×`,
  ]);
}

async function time(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

async function timesOf(
  runs: number,
  task: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) out.push(await time(() => task(i)));
  return out;
}

let seed = 7;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
}

const WORDS = [
  "the",
  "model",
  "stream",
  "reply",
  "csv",
  "file",
  "quick",
  "brown",
  "fox",
  "data",
  '"quoted"',
  "comma,",
  "line\n",
  "emoji 😀",
  "ünïcode",
];

function text(words: number): string {
  let out = "";
  for (let i = 0; i < words; i++) {
    out += WORDS[Math.floor(random() * WORDS.length)] + " ";
  }
  return out.trim();
}

function message(i: number, content: string, at: number): Message {
  const createdAt = new Date(at + i * 1000).toISOString();
  return {
    id: newId(),
    role: i % 2 ? "assistant" : "user",
    content,
    createdAt,
    completedAt: createdAt,
    status: "complete",
    model: i % 2 ? "demo" : null,
    finishReason: i % 2 ? "stop" : null,
    promptTokens: i % 2 ? 120 : null,
    completionTokens: i % 2 ? 80 : null,
    error: null,
  };
}

const root = await Deno.makeTempDir({ prefix: "store_bench_" });
try {
  // 1. Durable append and checkpoint.
  {
    const dir = `${root}/append`;
    const store = await openCsvStore({ dataDir: dir, log: () => {} });
    const c = await store.createConversation({ title: "bench" });
    const content = text(60);
    for (let i = 0; i < 20; i++) {
      await store.appendMessage(c.id, { role: "user", content });
    }
    const appends = await timesOf(
      400,
      () => store.appendMessage(c.id, { role: "user", content }),
    );
    const sample = (await store.listMessages(c.id)).at(-1)!;
    const bytes = new TextEncoder().encode(
      encodeRows([messageToRow(sample)]),
    );
    const plainPath = `${dir}/plain.csv`;
    await Deno.writeFile(plainPath, new Uint8Array());
    const plain = await timesOf(400, async () => {
      const file = await Deno.open(plainPath, { append: true });
      await file.write(bytes);
      await file.syncData();
      file.close();
    });
    const unsynced = await timesOf(400, async () => {
      await Deno.writeFile(plainPath, bytes, { append: true });
    });
    report(
      "append p50",
      quantile(appends, 0.5),
      quantile(plain, 0.5),
      "write+syncData",
    );
    report(
      "append p99",
      quantile(appends, 0.99),
      quantile(plain, 0.99),
      "write+syncData",
    );
    report(
      "append p50 vs no sync",
      quantile(appends, 0.5),
      quantile(unsynced, 0.5),
      "writeFile",
    );

    const reply = await store.appendMessage(c.id, {
      role: "assistant",
      content: "",
      status: "streaming",
    });
    let partial = "";
    const checkpoints = await timesOf(200, () => {
      partial += text(15) + " ";
      return store.checkpoint(c.id, reply.id, partial);
    });
    const lastRow = new TextEncoder().encode(
      encodeRows([messageToRow({ ...sample, content: partial })]),
    );
    const plainCheckpoint = await timesOf(200, async () => {
      const file = await Deno.open(plainPath, { append: true });
      await file.write(lastRow);
      await file.syncData();
      file.close();
    });
    report(
      `checkpoint p50 (${(partial.length / 1024).toFixed(0)} KB reply)`,
      quantile(checkpoints, 0.5),
      quantile(plainCheckpoint, 0.5),
      "write+syncData",
    );
    await store.close();
  }

  // 2. Load a 2,000-message conversation.
  {
    const dir = `${root}/load`;
    let store = await openCsvStore({ dataDir: dir, log: () => {} });
    const at = Date.parse("2025-01-01T00:00:00Z");
    const c = await store.importConversation(
      { title: "long" },
      Array.from({ length: 2000 }, (_, i) => {
        const m = message(i, text(i % 2 ? 120 : 25), at);
        return { ...m, id: undefined };
      }),
    );
    await store.close();
    const path = `${dir}/conversations/${c.id}.csv`;
    const size = (await Deno.stat(path)).size;
    // Cold open of the folder (lock, index, the one file) and a reload
    // after the file changed on disk (the hand-edit path).
    const opens = await timesOf(15, async () => {
      store = await openCsvStore({ dataDir: dir, log: () => {} });
      await store.listMessages(c.id);
      await store.close();
    });
    store = await openCsvStore({ dataDir: dir, log: () => {} });
    const original = await Deno.readFile(path);
    const reloads = await timesOf(15, async (i) => {
      // Same bytes, new mtime: the store re-reads the whole file.
      await Deno.utime(path, new Date(), new Date(at + i * 1000));
      const messages = await store.listMessages(c.id);
      if (messages.length !== 2000) throw new Error("lost messages");
    });
    await store.close();
    const reads = await timesOf(15, () => Deno.readTextFile(path));
    const label = `load 2k messages (${(size / 1024 / 1024).toFixed(1)} MB)`;
    report(
      `${label}, reload`,
      quantile(reloads, 0.5),
      quantile(reads, 0.5),
      "readTextFile",
    );
    report(
      `${label}, open`,
      quantile(opens, 0.5),
      quantile(reads, 0.5),
      "readTextFile",
    );
    if (original.length !== size) throw new Error("file changed");
  }

  // 3. 10,000 conversations: open, list, search.
  {
    const dir = `${root}/many`;
    await Deno.mkdir(`${dir}/conversations`, { recursive: true });
    const at = Date.parse("2024-01-01T00:00:00Z");
    const entries: IndexEntry[] = [];
    for (let i = 0; i < 10_000; i++) {
      const id = newId();
      const messages = Array.from(
        { length: 4 },
        (_, k) => message(k, text(k % 2 ? 40 : 12), at + i * 60_000),
      );
      entries.push({
        id,
        title: `${text(4).replace(/\s+/g, " ")} #${i}`,
        pinned: i % 500 === 0,
        createdAt: messages[0].createdAt,
        updatedAt: messages[3].createdAt,
        model: null,
        temperature: null,
        systemPrompt: "",
      });
      await Deno.writeTextFile(
        `${dir}/conversations/${id}.csv`,
        encodeRows(messages.map(messageToRow), { header: MESSAGE_COLUMNS }),
      );
    }
    // A needle in one conversation only.
    const needle = entries[7777].id;
    await Deno.writeTextFile(
      `${dir}/conversations/${needle}.csv`,
      encodeRows(
        [messageToRow(message(0, "where is the zebra-crossing?", at))],
        { header: MESSAGE_COLUMNS },
      ),
      { append: true },
    );
    const indexText = encodeRows(entries.map(conversationToRow), {
      header: CONVERSATION_COLUMNS,
    });
    await Deno.writeTextFile(`${dir}/conversations.csv`, indexText);

    let openMs = 0;
    let store = await openCsvStore({ dataDir: dir, log: () => {} });
    await store.close();
    openMs = await time(async () => {
      store = await openCsvStore({ dataDir: dir, log: () => {} });
    });
    const readAll = await time(async () => {
      await Deno.readTextFile(`${dir}/conversations.csv`);
      for (const e of entries) {
        await Deno.readTextFile(`${dir}/conversations/${e.id}.csv`);
      }
    });
    report("open 10k conversations", openMs, readAll, "readTextFile ×10,001");

    const indexReads = await timesOf(
      30,
      () => Deno.readTextFile(`${dir}/conversations.csv`),
    );
    const baseline = quantile(indexReads, 0.5);
    const firstPages = await timesOf(30, () => store.listConversations());
    report(
      "list 10k, first page",
      quantile(firstPages, 0.5),
      baseline,
      "readTextFile index",
    );
    const first = await store.listConversations({ limit: 200 });
    const deepPages = await timesOf(
      30,
      () => store.listConversations({ cursor: first.nextCursor!, limit: 200 }),
    );
    report(
      "list 10k, page by cursor",
      quantile(deepPages, 0.5),
      baseline,
      "readTextFile index",
    );
    const c = entries[123].id;
    const resorts: number[] = [];
    for (let i = 0; i < 10; i++) {
      await store.updateConversation(c, { pinned: i % 2 === 0 });
      resorts.push(await time(() => store.listConversations()));
    }
    report(
      "list 10k after a change (re-sort)",
      quantile(resorts, 0.5),
      baseline,
      "readTextFile index",
    );
    const rare = await timesOf(30, async () => {
      const page = await store.listConversations({ q: "zebra-crossing" });
      if (page.conversations[0]?.id !== needle) throw new Error("not found");
    });
    report(
      "search 10k, one match",
      quantile(rare, 0.5),
      baseline,
      "readTextFile index",
    );
    const common = await timesOf(
      30,
      () => store.listConversations({ q: "fox" }),
    );
    report(
      "search 10k, many matches",
      quantile(common, 0.5),
      baseline,
      "readTextFile index",
    );
    const none = await timesOf(
      30,
      () => store.listConversations({ q: "no such words here" }),
    );
    report(
      "search 10k, no match",
      quantile(none, 0.5),
      baseline,
      "readTextFile index",
    );
    const creates = await timesOf(10, () => store.createConversation());
    const durableIndex = await timesOf(10, async () => {
      const file = await Deno.open(`${dir}/copy.csv`, {
        write: true,
        create: true,
        truncate: true,
      });
      await file.write(new TextEncoder().encode(indexText));
      await file.sync();
      file.close();
    });
    report(
      "create with 10k in the index",
      quantile(creates, 0.5),
      quantile(durableIndex, 0.5),
      "writeFile+sync index",
    );
    await store.close();
  }
} finally {
  await Deno.remove(root, { recursive: true });
}

const header = ["figure", "store", "baseline (same bytes)", "ratio"];
const widths = header.map((h, i) =>
  Math.max(h.length, ...rows.map((r) => r[i].length))
);
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i])).join("  ");
console.log(line(header));
console.log(widths.map((w) => "-".repeat(w)).join("  "));
for (const r of rows) console.log(line(r));
