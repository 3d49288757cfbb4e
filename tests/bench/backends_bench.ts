/**
 * The two store backends side by side, on the same seeded history in the
 * same run: CSV files (the baseline) and Deno KV on a local file. For each:
 * cold start (open + first page) with the whole history, listing every
 * conversation page by page, a content search (cold, then warm), loading
 * the 2,000-message conversation, and durable appends p50/p99. The KV
 * history is filled from the CSV one by `copyHistory` (what `deno task
 * data import` does), which is timed too. Ratios are KV / CSV.
 *
 * Run: `deno task bench backends` (BENCH_CONVERSATIONS=10000 by default).
 */
import { openCsvStore } from "../../lib/store/mod.ts";
import { openKvStore } from "../../lib/store/kv/mod.ts";
import { copyHistory } from "../../lib/store/transfer/mod.ts";
import type { ChatStore } from "../../lib/store/types.ts";
import { quantile, RARE_WORD, writeHistory } from "./_data.ts";

const COUNT = Number(Deno.env.get("BENCH_CONVERSATIONS") ?? 10_000);
const APPENDS = 200;

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(1)} ms`;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

type Figures = Record<string, number>;

async function measure(
  open: () => Promise<ChatStore>,
  ids: { big: string; small: string; needle: string },
): Promise<Figures> {
  const f: Figures = {};
  const [cold, store] = await time(async () => {
    const s = await open();
    await s.listConversations({ limit: 50 });
    return s;
  });
  f["cold start + first page"] = cold;
  try {
    const [all] = await time(async () => {
      let cursor: string | undefined;
      let n = 0;
      do {
        const page = await store.listConversations({ cursor, limit: 200 });
        n += page.conversations.length;
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      if (n !== COUNT) throw new Error(`listed ${n} of ${COUNT}`);
    });
    f[`list all ${COUNT} (pages of 200)`] = all;
    const search = async () => {
      const page = await store.listConversations({ q: RARE_WORD });
      if (page.conversations[0]?.id !== ids.needle) {
        throw new Error("search missed the needle");
      }
    };
    f[`search ${COUNT}, first`] = (await time(search))[0];
    f[`search ${COUNT}, again`] = (await time(search))[0];
    const [load, read] = await time(() => store.readConversation(ids.big));
    if (read.messages.length !== 2000) throw new Error("big is not 2,000");
    f["load 2,000 messages"] = load;
    const appends: number[] = [];
    for (let i = 0; i < APPENDS; i++) {
      const [ms] = await time(() =>
        store.appendMessage(ids.small, {
          role: i % 2 ? "assistant" : "user",
          content: `append ${i} `.repeat(20),
        })
      );
      appends.push(ms);
    }
    f["append p50"] = quantile(appends, 0.5);
    f["append p99"] = quantile(appends, 0.99);
  } finally {
    await store.close();
  }
  return f;
}

const root = await Deno.makeTempDir({ prefix: "bench_backends_" });
try {
  const csvDir = `${root}/csv`;
  const kvPath = `${root}/history.kv`;
  console.log(`Writing a seeded history of ${COUNT} conversations…`);
  const history = await writeHistory(csvDir, { count: COUNT });
  const ids = {
    big: history.big,
    small: history.small,
    needle: history.needle,
  };
  const [copyMs, copied] = await time(async () => {
    const from = await openCsvStore({ dataDir: csvDir, log: () => {} });
    const to = await openKvStore({ path: kvPath });
    try {
      return await copyHistory(from, to);
    } finally {
      await from.close();
      await to.close();
    }
  });
  console.log(
    `Copied into KV (deno task data import): ${copied.copied} conversations, ` +
      `${copied.messages} messages in ${(copyMs / 1000).toFixed(1)} s\n`,
  );
  const csv = await measure(
    () => openCsvStore({ dataDir: csvDir, log: () => {} }),
    ids,
  );
  const kv = await measure(() => openKvStore({ path: kvPath }), ids);
  const rows = Object.keys(csv).map((name) => [
    name,
    fmt(csv[name]),
    fmt(kv[name]),
    `${(kv[name] / csv[name]).toFixed(2)}×`,
  ]);
  const widths = [0, 1, 2, 3].map((i) =>
    Math.max(...[["", "CSV", "KV", "KV/CSV"], ...rows].map((r) => r[i].length))
  );
  for (const row of [["", "CSV", "KV", "KV/CSV"], ...rows]) {
    console.log(row.map((c, i) => c.padEnd(widths[i])).join("  "));
  }
} finally {
  await Deno.remove(root, { recursive: true });
}
