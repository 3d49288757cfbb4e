/**
 * Workspace benchmarks, each beside a baseline measured in the same run:
 * - bytes a browser downloads for a conversation with plain text, code and
 *   math, as sent (compressed) beside decoded: JS (everything the page
 *   loads, the markdown renderer, highlighter and KaTeX it imports at once
 *   included; aim 25 KB), CSS (aim 15 KB), and the HTML of `/` and
 *   `/c/:id` on the wire beside uncompressed;
 * - in Chromium, a 20k-token reply streamed into a conversation that holds
 *   2,000 messages: longest main-thread task (aim ≤ 50 ms) and frames
 *   dropped, beside the same page sitting idle for as long. Two replies: a
 *   long markdown answer of many blocks (from a local OpenAI-compatible
 *   mock), and "count to 20000", one 110 KB paragraph (the worst case:
 *   the browser lays the whole paragraph out again for each frame);
 * - server time for `/c/:id` with 10,000 conversations (aim ≤ 20 ms p50),
 *   asked as a browser asks (brotli), beside a bare `Deno.serve` sending
 *   the same compressed bytes.
 *
 * Run: `deno run -A tests/bench/ui_bench.ts`.
 *
 * `--against <commit>` (`deno task bench ui --against <commit>`) prints
 * instead the byte figures (JS at load and for a page with code and math,
 * CSS, HTML of a 2,000-message conversation and of `/`) of the working
 * tree beside those of the app at `<commit>`, built from a copy outside
 * the repository and fed the same conversations, in alternated rounds of
 * the same run (`_against.ts`).
 *
 * @module
 */
import {
  CONVERSATION_COLUMNS,
  conversationToRow,
  encodeRows,
  type IndexEntry,
  MESSAGE_COLUMNS,
  messageToRow,
} from "../../lib/store/columns.ts";
import { type Message, newId } from "../../lib/store/mod.ts";
import { startApp } from "../_helpers/app_server.ts";
import { launchBrowser } from "../_helpers/browser.ts";
import { pageDownloads } from "../_helpers/page_downloads.ts";
import { wireRequest } from "../_helpers/wire.ts";
import { startOpenAIMock } from "../ai/mock_providers.ts";
import {
  againstCommit,
  bigMessageContent,
  buildAt,
  MIXED,
  seedOverHttp,
  startAt,
  weigh,
  WORDS,
  words,
} from "./_against.ts";

const against = againstCommit();
if (against !== undefined) {
  await compareWith(against);
  Deno.exit(0);
}

/** The byte figures now and at `commit`, two alternated rounds. */
async function compareWith(commit: string): Promise<void> {
  const old = await buildAt(commit);
  const browser = await launchBrowser();
  const figures: Record<string, number>[][] = [[], []];
  try {
    for (let round = 0; round < 2; round++) {
      for (
        const [side, start] of [
          [0, (dataDir: string) => startApp({ dataDir })],
          [1, (dataDir: string) => startAt(old.dir, dataDir)],
        ] as const
      ) {
        const dataDir = await Deno.makeTempDir({ prefix: "bench_ui_vs_" });
        const app = await start(dataDir);
        try {
          const seeded = await seedOverHttp(app.base);
          figures[side].push(await weigh(browser.context, app.base, seeded));
        } finally {
          await app.close();
          await Deno.remove(dataDir, { recursive: true });
        }
      }
    }
  } finally {
    await browser.close();
    await Deno.remove(old.dir, { recursive: true });
  }
  const table: Record<string, { now: number; [k: string]: number }> = {};
  for (const label of Object.keys(figures[0][1])) {
    const now = figures[0][1][label];
    const then = figures[1][1][label];
    table[label] = {
      now,
      [`at ${old.name}`]: then,
      ratio: +(now / then).toFixed(3),
    };
    if (figures[0][0][label] !== now || figures[1][0][label] !== then) {
      console.warn(`${label}: the two rounds differ`, figures);
    }
  }
  console.table(table);
  console.log(
    `Bytes of the same files compressed here the same way for both (brotli q11, gzip -9); the app at ${old.name} got the same conversations over HTTP.`,
  );
}

function message(i: number, at: number): Message {
  const role = i % 2 ? "assistant" : "user";
  const createdAt = new Date(at + i * 1000).toISOString();
  return {
    id: newId(),
    // Empty parent_id: follows the row above (one straight line).
    parentId: "",
    role,
    content: bigMessageContent(i),
    createdAt,
    completedAt: createdAt,
    status: "complete",
    model: role === "assistant" ? "demo" : null,
    finishReason: role === "assistant" ? "stop" : null,
    promptTokens: null,
    completionTokens: null,
    error: null,
  };
}

/** The last words of the long reply, to know it has all arrived. */
const LONG_END = "That is the whole answer.";

/**
 * About 20,000 tokens of varied markdown: sections with a heading, two
 * paragraphs, a list, and every third one a code block and a table.
 */
function longReplyTokens(): string[] {
  const tokens: string[] = [];
  const words = (n: number, seed: number) => {
    for (let i = 0; i < n; i++) {
      tokens.push(`${WORDS[(seed + i * 3) % WORDS.length]} `);
    }
  };
  for (let section = 0; tokens.length < 20_000; section++) {
    tokens.push(`\n\n## Part ${section + 1}\n\n`);
    words(60, section);
    tokens.push("\n\n");
    words(45, section + 1);
    tokens.push("\n\n");
    for (let item = 0; item < 4; item++) {
      tokens.push("- ");
      words(6, section + item);
      tokens.push("\n");
    }
    if (section % 3 === 0) {
      tokens.push("\n```ts\n");
      for (let line = 0; line < 6; line++) {
        tokens.push(`const value${line} = ${section * 10 + line};\n`);
      }
      tokens.push("```\n\n| name | value |\n|---|---|\n");
      for (let row = 0; row < 4; row++) tokens.push(`| r${row} | ${row} |\n`);
    }
  }
  tokens.push(`\n\n${LONG_END}`);
  return tokens;
}

/** 10,000 conversations of 4 messages, one of 2,000; returns ids. */
async function seed(dir: string): Promise<{ big: string; small: string }> {
  await Deno.mkdir(`${dir}/conversations`, { recursive: true });
  const at = Date.parse("2026-01-01T00:00:00Z");
  const entries: IndexEntry[] = [];
  for (let i = 0; i < 10_000; i++) {
    const count = i === 0 ? 2000 : 4;
    const messages = Array.from(
      { length: count },
      (_, k) => message(k, at + i * 60_000),
    );
    entries.push({
      id: newId(),
      title: `${words(4, i)} #${i}`,
      pinned: false,
      createdAt: messages[0].createdAt,
      updatedAt: messages.at(-1)!.createdAt,
      model: null,
      temperature: null,
      leafId: null,
      systemPrompt: "",
    });
    await Deno.writeTextFile(
      `${dir}/conversations/${entries[i].id}.csv`,
      encodeRows(messages.map(messageToRow), { header: MESSAGE_COLUMNS }),
    );
  }
  await Deno.writeTextFile(
    `${dir}/conversations.csv`,
    encodeRows(entries.map(conversationToRow), {
      header: CONVERSATION_COLUMNS,
    }),
  );
  return { big: entries[0].id, small: entries[1].id };
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

async function timings(url: string, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    out.push(performance.now() - start);
  }
  return out;
}

const dataDir = await Deno.makeTempDir({ prefix: "bench_ui_" });
const ids = await seed(dataDir);
// A long markdown reply as a real model writes one, served by a local
// OpenAI-compatible mock.
const provider = startOpenAIMock();
provider.scenario = { ...provider.scenario, tokens: longReplyTokens() };
const app = await startApp({
  dataDir,
  demoTokenDelayMs: 0,
  openaiBaseUrl: provider.url,
  openaiApiKey: "sk-bench",
});
const rows: Record<
  string,
  { value: number | string; baseline: number | string; ratio: number | string }
> = {};
try {
  // 1. Bytes shipped, as a browser receives them: a conversation with
  // plain text, a code block and math (so the markdown renderer, the
  // highlighter and KaTeX, which the island imports at once for such a
  // page, are counted), beside the same files uncompressed.
  const mixed = await app.services.store.importConversation(
    { title: MIXED.title },
    MIXED.messages,
  );
  const weighBrowser = await launchBrowser();
  try {
    const downloads = await pageDownloads(
      await weighBrowser.context.newPage(),
      `${app.base}/c/${mixed.id}`,
    );
    const js = downloads.script ?? { wire: 0, decoded: 0 };
    const css = downloads.stylesheet ?? { wire: 0, decoded: 0 };
    const all = Object.values(downloads).reduce(
      (sum, d) => ({
        wire: sum.wire + d.wire,
        decoded: sum.decoded + d.decoded,
      }),
      { wire: 0, decoded: 0 },
    );
    rows[
      "JS downloaded for /c/:id with code+math+text (wire B; baseline = decoded)"
    ] = {
      value: js.wire,
      baseline: js.decoded,
      ratio: +(js.wire / 25_600).toFixed(2),
    };
    rows["CSS downloaded for that page (wire B; baseline = decoded)"] = {
      value: css.wire,
      baseline: css.decoded,
      ratio: +(css.wire / 15_360).toFixed(2),
    };
    rows["everything downloaded for that page (wire B; baseline = decoded)"] = {
      value: all.wire,
      baseline: all.decoded,
      ratio: +(all.wire / all.decoded).toFixed(2),
    };
  } finally {
    await weighBrowser.close();
  }
  // HTML as sent to a browser (which accepts br), beside uncompressed.
  for (
    const [label, path] of [
      ["/", "/"],
      ["/c/:id (4 messages)", `/c/${ids.small}`],
      ["/c/:id (2,000 messages)", `/c/${ids.big}`],
    ]
  ) {
    const packed = await wireRequest(`${app.base}${path}`, {
      headers: { "accept-encoding": "gzip, deflate, br, zstd" },
    });
    const plain = await wireRequest(`${app.base}${path}`);
    rows[`HTML of ${label} on the wire (B; baseline = uncompressed)`] = {
      value: packed.wireBytes,
      baseline: plain.wireBytes,
      ratio: +(packed.wireBytes / plain.wireBytes).toFixed(2),
    };
  }

  // 2. Server time with 10,000 conversations, as a browser asks (br),
  // beside a bare server sending the same compressed bytes.
  const pageUrl = `${app.base}/c/${ids.small}`;
  const packedPage = await wireRequest(pageUrl, {
    headers: { "accept-encoding": "br" },
  });
  await timings(pageUrl, 5);
  const server = await timings(pageUrl, 40);
  const bare = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () =>
      new Response(packedPage.body, {
        headers: {
          "content-type": "text/html; charset=utf-8",
          "content-encoding": packedPage.headers.get("content-encoding") ?? "",
        },
      }),
  );
  const bareUrl = `http://127.0.0.1:${bare.addr.port}/`;
  await timings(bareUrl, 5);
  const baseline = await timings(bareUrl, 40);
  await bare.shutdown();
  rows["GET /c/:id, 10k conversations (ms p50)"] = {
    value: +quantile(server, 0.5).toFixed(2),
    baseline: +quantile(baseline, 0.5).toFixed(2),
    ratio: +(quantile(server, 0.5) / quantile(baseline, 0.5)).toFixed(1),
  };
  const bigStart = performance.now();
  await (await fetch(`${app.base}/c/${ids.big}`)).arrayBuffer();
  rows["GET /c/:id with 2,000 messages (ms, once)"] = {
    value: Math.round(performance.now() - bigStart),
    baseline: "",
    ratio: "",
  };

  // 3. Streaming into a long conversation, in Chromium.
  const browser = await launchBrowser();
  try {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      const w = globalThis as unknown as {
        __tasks: number[];
        __frames: number[];
      };
      w.__tasks = [];
      w.__frames = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__tasks.push(entry.duration);
      }).observe({ type: "longtask", buffered: true });
      const tick = (t: number) => {
        w.__frames.push(t);
        requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.goto(`${app.base}/c/${ids.big}`, { timeout: 120_000 });
    await page.locator("#composer").waitFor();
    await page.waitForTimeout(1500);
    const measure = () =>
      page.evaluate(() => {
        const w = globalThis as unknown as {
          __tasks: number[];
          __frames: number[];
        };
        const frames = w.__frames;
        let dropped = 0;
        for (let i = 1; i < frames.length; i++) {
          dropped += Math.max(
            0,
            Math.round((frames[i] - frames[i - 1]) / 16.7) - 1,
          );
        }
        const longest = Math.max(0, ...w.__tasks);
        w.__tasks = [];
        w.__frames = [];
        return { longest, dropped, frames: frames.length };
      });
    await measure();
    const idleStart = performance.now();
    await page.waitForTimeout(2000);
    const idle = await measure();
    const idleMs = performance.now() - idleStart;

    /** Send `prompt` with `model`; wait for the new reply to complete. */
    const stream = async (model: string, prompt: string, ending: string) => {
      await page.locator("#model-picker").selectOption(model);
      await measure();
      const start = performance.now();
      await page.locator("#composer").fill(prompt);
      await page.locator("#composer").press("Enter");
      // The newest reply (the history holds complete ones already).
      await page.waitForFunction(
        (ending) => {
          const replies = document.querySelectorAll("[data-role=assistant]");
          const newest = replies[replies.length - 1];
          return newest?.getAttribute("data-status") === "complete" &&
            (newest.textContent ?? "").includes(ending);
        },
        ending,
        { timeout: 300_000 },
      );
      return { ms: performance.now() - start, ...(await measure()) };
    };
    const cases = [
      {
        label: "many blocks",
        result: await stream("openai:gpt-mock", "A long answer", LONG_END),
      },
      {
        label: "one paragraph",
        result: await stream("demo", "count to 20000", "19999 20000"),
      },
    ];
    for (const { label, result } of cases) {
      rows[`stream 20k tokens, ${label}: longest task (ms)`] = {
        value: Math.round(result.longest),
        baseline: Math.round(idle.longest),
        ratio: "",
      };
      rows[`… ${label}: frames dropped (baseline: idle page)`] = {
        value: result.dropped,
        baseline: idle.dropped,
        ratio: `${Math.round(result.ms)} ms vs ${Math.round(idleMs)} ms`,
      };
    }
  } finally {
    await browser.close();
  }
} finally {
  await app.close();
  await provider.close();
  await Deno.remove(dataDir, { recursive: true });
}
console.table(rows);
console.log(
  "ratio for JS/CSS bytes = share of the aim (25 KB JS, 15 KB CSS); for HTML = wire / uncompressed.",
);
