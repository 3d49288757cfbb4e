/**
 * Costs of the CSV store, each beside a baseline of plain file calls on the
 * same bytes in the same run:
 *
 * - durable append (one row written and synced) and checkpoint, p50/p99,
 *   against an append-mode `write` + `syncData()` of the same row bytes;
 * - loading a 2,000-message conversation, against `Deno.readTextFile` of
 *   the same file;
 * - opening, listing and searching the shared 10,000-conversation history
 *   (`_data.ts`), in rounds alternated with a baseline doing the same work
 *   plainly: open against reading the index and listing the folder; the
 *   start-up check against a stat per file made the same way (synchronous,
 *   4 ms a turn);
 *   listing (served from memory) against slicing or sorting the same
 *   entries in memory; search (which scans the derived search index)
 *   against reading the same file; the first results page with its
 *   snippets (from the index) against the same page explained by reading
 *   its messages files.
 *
 * Run: `deno run -A tests/bench/store_bench.ts`. Aims: append ≤ 2 ms p50,
 * 2k-message load ≤ 20 ms, list/search 10k ≤ 10 ms.
 */
import {
  encodeRows,
  type IndexEntry,
  messageToRow,
} from "../../lib/store/columns.ts";
import { type Message, newId, openCsvStore } from "../../lib/store/mod.ts";
import { SEARCH_INDEX_FILE } from "../../lib/store/search_index.ts";
import { inTurns } from "../../lib/store/turns.ts";
import { explainMatches } from "../../lib/conversations/search.ts";
import process from "node:process";
import {
  benchMessage,
  COMMON_WORD,
  quantile,
  RARE_WORD,
  Seeded,
  writeHistory,
} from "./_data.ts";

const rows: string[][] = [];

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

const rng = new Seeded(7);
const text = (words: number) => rng.text(words);

function message(i: number, content: string, at: number): Message {
  return { ...benchMessage(rng, { index: i, at, content }), id: newId() };
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

  // 3. 10,000 conversations (the shared bench history): open, list,
  // search. Each figure is timed in rounds alternated with a baseline
  // doing the same work on the same bytes in the plainest way.
  {
    const history = await writeHistory(`${root}/many`, { count: 10_000 });
    const dir = history.dataDir;
    const open = () => openCsvStore({ dataDir: dir, log: () => {} });
    // The first start builds the derived search index.
    let store = await open();
    await store.listConversations({ q: RARE_WORD });
    await store.close();
    const ids = history.entries.map((e) => e.id);
    const opens: number[] = [];
    const plainOpens: number[] = [];
    const checks: number[] = [];
    const plainChecks: number[] = [];
    for (let round = 0; round < 5; round++) {
      // Open: read and parse the index, list the folder.
      opens.push(
        await time(async () => {
          store = await open();
        }),
      );
      // Then the start-up check any search waits for: a stat per file.
      checks.push(await time(() => store.listConversations({ q: RARE_WORD })));
      await store.close();
      plainOpens.push(
        await time(async () => {
          await Deno.readTextFile(`${dir}/conversations.csv`);
          for await (const _ of Deno.readDir(`${dir}/conversations`)) {
            // Listing only.
          }
        }),
      );
      plainChecks.push(
        await time(async () => {
          await Deno.readFile(`${dir}/${SEARCH_INDEX_FILE}`);
          // As the store's check: synchronous stats, 4 ms a turn.
          await inTurns(ids, (id) => {
            Deno.statSync(`${dir}/conversations/${id}.csv`);
          });
        }),
      );
    }
    report(
      "open 10k conversations",
      quantile(opens, 0.5),
      quantile(plainOpens, 0.5),
      "readTextFile index + readDir",
    );
    report(
      "start-up check of 10k files (first search)",
      quantile(checks, 0.5),
      quantile(plainChecks, 0.5),
      "read search index + statSync ×10k, 4 ms a turn",
    );

    store = await open();
    await store.listConversations({ q: RARE_WORD });
    // Listing is served from the index in memory: the baseline is the
    // same entries sorted in memory.
    const plain = history.entries.map((e) => ({ ...e }));
    const byRecency = (a: IndexEntry, b: IndexEntry) =>
      a.pinned !== b.pinned
        ? (a.pinned ? -1 : 1)
        : a.updatedAt < b.updatedAt
        ? 1
        : -1;
    const sortedPlain = [...plain].sort(byRecency);
    const alternate = async (
      runs: number,
      task: () => Promise<unknown>,
      base: () => unknown,
    ) => {
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < runs; i++) {
        a.push(await time(task));
        b.push(await time(async () => await base()));
      }
      return [quantile(a, 0.5), quantile(b, 0.5)] as const;
    };
    report(
      "list 10k, first page",
      ...await alternate(
        30,
        () => store.listConversations(),
        () => sortedPlain.slice(0, 50),
      ),
      "slice of sorted array",
    );
    const first = await store.listConversations({ limit: 200 });
    report(
      "list 10k, page by cursor",
      ...await alternate(
        30,
        () =>
          store.listConversations({ cursor: first.nextCursor!, limit: 200 }),
        () => sortedPlain.slice(200, 400),
      ),
      "slice of sorted array",
    );
    const c = history.entries[123].id;
    const resorts: number[] = [];
    const plainResorts: number[] = [];
    for (let i = 0; i < 10; i++) {
      await store.updateConversation(c, { pinned: i % 2 === 0 });
      resorts.push(await time(() => store.listConversations()));
      plain[123].pinned = i % 2 === 0;
      plainResorts.push(
        await time(() =>
          Promise.resolve([...plain].sort(byRecency).slice(0, 50))
        ),
      );
    }
    report(
      "list 10k after a change (re-sort)",
      quantile(resorts, 0.5),
      quantile(plainResorts, 0.5),
      "Array sort + slice",
    );
    // Content search reads the search index file: the baseline reads the
    // same bytes.
    const readIndex = () => Deno.readFile(`${dir}/${SEARCH_INDEX_FILE}`);
    for (
      const [q, name] of [
        [RARE_WORD, "one match"],
        [COMMON_WORD, "many matches"],
        ["no such words here", "no match"],
      ]
    ) {
      report(
        `search 10k, ${name}`,
        ...await alternate(
          30,
          () => store.listConversations({ q }),
          readIndex,
        ),
        "readFile search index",
      );
    }
    const needle = await store.listConversations({ q: RARE_WORD });
    if (needle.conversations[0]?.id !== history.needle) {
      throw new Error("search lost the needle");
    }
    // A results page says why each conversation matched. The first page
    // of a common word, the first time in a process (a new store each
    // round): snippets from the search index's records against the same
    // search reading the page's 50 messages files (what explainMatches
    // did before the index kept message ids and case). The files are in
    // the OS cache here: a cold disk makes the baseline slower still.
    {
      const page = async (known: boolean) => {
        const listed = await store.listConversations({ q: COMMON_WORD });
        return await explainMatches(store, listed.conversations, {
          q: COMMON_WORD,
          known: known ? listed.matches : undefined,
        });
      };
      const wall = { index: [] as number[], files: [] as number[] };
      const cpu = { index: [] as number[], files: [] as number[] };
      for (let round = 0; round < 6; round++) {
        await store.close();
        store = await open();
        // The start-up check, which any search waits for, out of the way.
        await store.listConversations({ q: "no such words here" });
        const order = round % 2 ? ["files", "index"] as const : [
          "index",
          "files",
        ] as const;
        const got: Record<string, string> = {};
        for (const how of order) {
          const before = process.cpuUsage();
          const start = performance.now();
          const results = await page(how === "index");
          wall[how].push(performance.now() - start);
          const used = process.cpuUsage(before);
          cpu[how].push((used.user + used.system) / 1000);
          if (results.some((r) => !r.match)) throw new Error("no snippet");
          got[how] = JSON.stringify(results);
        }
        if (got.index !== got.files) throw new Error("snippets differ");
      }
      report(
        "search 10k + snippets, first page, first time",
        quantile(wall.index, 0.5),
        quantile(wall.files, 0.5),
        "same, reading 50 messages files",
      );
      report(
        "  the same, CPU",
        quantile(cpu.index, 0.5),
        quantile(cpu.files, 0.5),
        "same, reading 50 messages files",
      );
    }
    const indexText = await Deno.readTextFile(`${dir}/conversations.csv`);
    report(
      "create with 10k in the index",
      ...await alternate(
        10,
        () => store.createConversation(),
        async () => {
          const file = await Deno.open(`${dir}/copy.csv`, {
            write: true,
            create: true,
            truncate: true,
          });
          await file.write(new TextEncoder().encode(indexText));
          await file.sync();
          file.close();
        },
      ),
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
