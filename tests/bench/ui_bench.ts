/**
 * Workspace benchmarks, each beside a baseline measured in the same run:
 * - bytes shipped for `/c/:id` at load: JS (aim ≤ 25 KB gzipped, lazy
 *   chunks such as the markdown renderer, highlighter and KaTeX not
 *   counted) and CSS (aim ≤ 15 KB gzipped);
 * - in Chromium, a 20k-token reply streamed into a conversation that holds
 *   2,000 messages: longest main-thread task (aim ≤ 50 ms) and frames
 *   dropped, beside the same page sitting idle for as long;
 * - server time for `/c/:id` with 10,000 conversations (aim ≤ 20 ms p50),
 *   beside a bare `Deno.serve` answering with the same HTML.
 *
 * Run: `deno run -A tests/bench/ui_bench.ts`.
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
import { serveHtml } from "../_helpers/bare_server.ts";
import { startApp } from "../_helpers/app_server.ts";
import { launchBrowser } from "../_helpers/browser.ts";
import { eagerScripts, gzipSize, weigh } from "../_helpers/page_weight.ts";

const WORDS = "alpha beta gamma delta stream token reply csv island signal"
  .split(" ");

function text(n: number, seed: number): string {
  return Array.from(
    { length: n },
    (_, i) => WORDS[(seed + i * 7) % WORDS.length],
  )
    .join(" ");
}

function message(i: number, at: number): Message {
  const role = i % 2 ? "assistant" : "user";
  const createdAt = new Date(at + i * 1000).toISOString();
  return {
    id: newId(),
    role,
    content: role === "user"
      ? text(12, i)
      : `## Part ${i}\n\n${text(40, i)}\n\n- ${text(5, i)}\n- ${
        text(6, i)
      }\n\n\`\`\`ts\nconst x = ${i};\n\`\`\``,
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
      title: `${text(4, i)} #${i}`,
      pinned: false,
      createdAt: messages[0].createdAt,
      updatedAt: messages.at(-1)!.createdAt,
      model: null,
      temperature: null,
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
const app = await startApp({ dataDir, demoTokenDelayMs: 0 });
const rows: Record<
  string,
  { value: number | string; baseline: number | string; ratio: number | string }
> = {};
try {
  // 1. Bytes shipped.
  const pageUrl = `${app.base}/c/${ids.small}`;
  const html = await (await fetch(pageUrl)).text();
  const js = await weigh(await eagerScripts(app.base, html));
  const cssHref = html.match(/href="(\/styles\.css[^"]*)"/)![1];
  const css = new Uint8Array(
    await (await fetch(app.base + cssHref)).arrayBuffer(),
  );
  rows["JS at load for /c/:id (gzip bytes; baseline = raw)"] = {
    value: js.gzip,
    baseline: js.raw,
    ratio: +(js.gzip / 25_600).toFixed(2),
  };
  rows["CSS for /c/:id (gzip bytes; baseline = raw)"] = {
    value: await gzipSize(css),
    baseline: css.byteLength,
    ratio: +((await gzipSize(css)) / 15_360).toFixed(2),
  };

  // 2. Server time with 10,000 conversations.
  await timings(pageUrl, 5);
  const server = await timings(pageUrl, 40);
  const bare = serveHtml(html);
  const bareUrl = bare.url;
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
    const start = performance.now();
    await page.locator("#composer").fill("count to 20000");
    await page.locator("#composer").press("Enter");
    // The newest reply (the history holds complete ones already).
    await page.waitForFunction(
      () => {
        const replies = document.querySelectorAll("[data-role=assistant]");
        const newest = replies[replies.length - 1];
        return newest?.getAttribute("data-status") === "complete" &&
          (newest.textContent ?? "").includes("19999 20000");
      },
      undefined,
      { timeout: 300_000 },
    );
    const streamMs = performance.now() - start;
    const busy = await measure();
    rows["stream 20k tokens into 2,000 messages: longest task (ms)"] = {
      value: Math.round(busy.longest),
      baseline: Math.round(idle.longest),
      ratio: "",
    };
    rows["… frames dropped (baseline: idle page)"] = {
      value: busy.dropped,
      baseline: idle.dropped,
      ratio: `${Math.round(streamMs)} ms vs ${Math.round(idleMs)} ms`,
    };
  } finally {
    await browser.close();
  }
} finally {
  await app.close();
  await Deno.remove(dataDir, { recursive: true });
}
console.table(rows);
console.log("ratio for bytes = share of the aim (25 KB JS, 15 KB CSS).");
