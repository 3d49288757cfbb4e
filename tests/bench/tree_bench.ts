/**
 * Opening a conversation whose history is a tree costs about what a
 * straight one costs (aim: within 1.2×). Two conversations of 2,000
 * message rows each, measured in the same run in alternated rounds:
 * - straight: 2,000 messages, one after the other;
 * - branched: the same, but 200 of the rows are other versions (edited
 *   questions, regenerated replies) spread over the whole conversation,
 *   so the page shows "‹ 1 / 2 ›" switchers and the island fetches the
 *   tree to switch at once.
 *
 * Figures: server time of `GET /c/:id` (p50) and of
 * `GET /api/conversations/:id` (p50), and the JS work of opening the
 * page in Chromium (script time from the DevTools protocol, p50).
 *
 * Run: `deno task bench tree`.
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

const ROWS = 2000;
const BRANCHES = 200;
const ROUNDS = 7;

const WORDS = "alpha beta gamma delta stream token reply csv island signal"
  .split(" ");

function text(n: number, seed: number): string {
  return Array.from({ length: n }, (_, i) => WORDS[(seed + i * 7) % 10])
    .join(" ");
}

function message(
  i: number,
  role: "user" | "assistant",
  parentId: string | null,
): Message {
  const createdAt = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  return {
    id: newId(),
    parentId,
    role,
    content: role === "user"
      ? text(12, i)
      : `## Part ${i}\n\n${text(40, i)}\n\n- ${
        text(5, i)
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

/** `rows` messages; every `every`-th turn also gets another version. */
function conversation(rows: number, branches: number): Message[] {
  const out: Message[] = [];
  const every = branches > 0
    ? Math.floor((rows - branches) / 2 / branches)
    : Infinity;
  let parent: string | null = null;
  let turn = 0;
  while (out.length < rows) {
    const question = message(out.length, "user", parent);
    out.push(question);
    const reply = message(out.length, "assistant", question.id);
    out.push(reply);
    if (branches > 0 && turn % every === every - 1 && out.length < rows) {
      // Half the branches are edited questions, half regenerated replies;
      // the branch shown goes on from the newer version.
      const edit = turn % (2 * every) === every - 1;
      const other = message(
        out.length,
        edit ? "user" : "assistant",
        edit ? parent : question.id,
      );
      out.push(other);
      if (edit && out.length < rows) {
        const answer = message(out.length, "assistant", other.id);
        out.push(answer);
        parent = answer.id;
      } else {
        parent = other.id;
      }
    } else {
      parent = reply.id;
    }
    turn++;
  }
  return out.slice(0, rows);
}

function entry(id: string, messages: Message[], title: string): IndexEntry {
  return {
    id,
    title,
    pinned: false,
    createdAt: messages[0].createdAt,
    updatedAt: messages.at(-1)!.createdAt,
    model: null,
    temperature: null,
    leafId: null,
    systemPrompt: "",
  };
}

function p50(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const dataDir = await Deno.makeTempDir({ prefix: "bench_tree_" });
await Deno.mkdir(`${dataDir}/conversations`, { recursive: true });
const straight = conversation(ROWS, 0);
const branched = conversation(ROWS, BRANCHES);
const siblings = branched.length -
  new Set(branched.map((m) => m.parentId)).size;
const ids = { straight: newId(), branched: newId() };
for (
  const [key, messages] of [["straight", straight], [
    "branched",
    branched,
  ]] as const
) {
  await Deno.writeTextFile(
    `${dataDir}/conversations/${ids[key]}.csv`,
    encodeRows(messages.map(messageToRow), { header: MESSAGE_COLUMNS }),
  );
}
await Deno.writeTextFile(
  `${dataDir}/conversations.csv`,
  encodeRows([
    conversationToRow(entry(ids.straight, straight, "Straight")),
    conversationToRow(entry(ids.branched, branched, "Branched")),
  ], { header: CONVERSATION_COLUMNS }),
);

const app = await startApp({ dataDir, demoTokenDelayMs: 0 });
const times = {
  straight: { page: [] as number[], api: [] as number[], js: [] as number[] },
  branched: { page: [] as number[], api: [] as number[], js: [] as number[] },
};
const timed = async (url: string) => {
  const start = performance.now();
  await (await fetch(url)).arrayBuffer();
  return performance.now() - start;
};
const browser = await launchBrowser();
try {
  for (const key of ["straight", "branched"] as const) {
    await timed(`${app.base}/c/${ids[key]}`); // warm the store's cache
  }
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so neither always meets a warm machine.
    const order = round % 2
      ? ["branched", "straight"] as const
      : ["straight", "branched"] as const;
    for (const key of order) {
      times[key].page.push(await timed(`${app.base}/c/${ids[key]}`));
      times[key].api.push(
        await timed(`${app.base}/api/conversations/${ids[key]}`),
      );
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send("Performance.enable");
      await page.goto(`${app.base}/c/${ids[key]}`);
      await page.locator("[data-sidebar-ready]").waitFor();
      // Let the island settle (the branched one fetches its tree).
      await page.waitForTimeout(500);
      const { metrics } = await cdp.send("Performance.getMetrics");
      const script = metrics.find((m) => m.name === "ScriptDuration")!.value;
      times[key].js.push(script * 1000);
      await page.close();
    }
  }
} finally {
  await browser.close();
  await app.close();
  await Deno.remove(dataDir, { recursive: true });
}

const row = (label: string, pick: (t: typeof times.straight) => number[]) => {
  const value = p50(pick(times.branched));
  const baseline = p50(pick(times.straight));
  return [label, {
    value: +value.toFixed(2),
    baseline: +baseline.toFixed(2),
    ratio: +(value / baseline).toFixed(2),
  }] as const;
};
console.log(
  `${ROWS} message rows each; the branched one has ${siblings} other versions`,
);
console.table(Object.fromEntries([
  row("GET /c/:id (ms p50; baseline: straight)", (t) => t.page),
  row("GET /api/conversations/:id (ms p50; baseline: straight)", (t) => t.api),
  row(
    "open in Chromium: script time (ms p50; baseline: straight)",
    (t) => t.js,
  ),
]));
console.log("aim: ratio ≤ 1.2");
