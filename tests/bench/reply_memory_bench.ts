/**
 * Memory of running replies: peak RSS while N replies of the demo model
 * ("count to 200000", about 1.3 M characters and 200 k deltas each) run at
 * once through the chat service and stay available for reattach, beside
 * two baselines measured in the same run, each in its own process: the
 * same deltas kept as one NDJSON line each plus the text (how a reply's log
 * was kept before), and an idle process that only loaded the modules.
 *
 * Run: `deno task bench reply_memory`.
 */
import { ChatService } from "../../lib/chat/mod.ts";
import { DemoLanguageModel, ModelRegistry } from "../../lib/ai/mod.ts";
import { openCsvStore } from "../../lib/store/mod.ts";
import { peakRssMb } from "./_rss.ts";

const REPLIES = 6;
const COUNT = 200_000;

async function service(): Promise<Record<string, number | null>> {
  const dir = await Deno.makeTempDir({ prefix: "reply_memory_" });
  const store = await openCsvStore({ dataDir: dir, log: () => {} });
  const chat = new ChatService({
    store,
    models: new ModelRegistry({
      demo: new DemoLanguageModel({ tokenDelayMs: 0 }),
    }),
    log: () => {},
  });
  const start = performance.now();
  const runs = [];
  for (let i = 0; i < REPLIES; i++) {
    const { id } = await store.createConversation({ title: `r${i}` });
    runs.push(await chat.send(id, { content: `count to ${COUNT}` }));
  }
  await Promise.all(runs.map((r) => r.finished));
  const ms = performance.now() - start;
  const deltas = runs.reduce((n, r) => n + r.lastSeq, 0);
  const kept = runs.reduce((n, r) => n + r.retainedBytes, 0);
  const rss = peakRssMb();
  await chat.shutdown();
  await store.close();
  await Deno.remove(dir, { recursive: true });
  return { rss, ms, deltas, keptMb: kept / 1024 / 1024 };
}

function oldLog(): Record<string, number | null> {
  // The demo's pieces: each number and its space is one delta.
  const logs: { lines: string[]; text: string }[] = [];
  const start = performance.now();
  for (let r = 0; r < REPLIES; r++) {
    const log = { lines: [] as string[], text: "" };
    for (let i = 1; i <= COUNT; i++) {
      const piece = i === 1 ? "1" : ` ${i}`;
      log.lines.push(
        `{"type":"delta","seq":${log.lines.length},"text":${
          JSON.stringify(piece)
        }}\n`,
      );
      log.text += piece;
    }
    logs.push(log);
  }
  const ms = performance.now() - start;
  const deltas = logs.reduce((n, l) => n + l.lines.length, 0);
  return { rss: peakRssMb(), ms, deltas, keptMb: null };
}

async function run(mode: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(import.meta.url).pathname, mode],
    stderr: "inherit",
  }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

if (Deno.args.length === 1) {
  const mode = Deno.args[0];
  const result = mode === "service"
    ? await service()
    : mode === "old-log"
    ? oldLog()
    : { rss: peakRssMb(), ms: 0, deltas: 0, keptMb: null };
  console.log(JSON.stringify(result));
} else {
  const rows: Record<string, Record<string, string | number>> = {};
  for (
    const [name, mode] of [
      ["idle process (baseline)", "idle"],
      ["deltas as NDJSON lines, old log (baseline)", "old-log"],
      ["chat service, bounded log", "service"],
    ]
  ) {
    const r = await run(mode);
    rows[name] = {
      "peak RSS": `${r.rss.toFixed(0)} MB`,
      "deltas": r.deltas,
      "log kept after": typeof r.keptMb !== "number"
        ? "-"
        : `${r.keptMb.toFixed(1)} MB`,
      "time": `${r.ms.toFixed(0)} ms`,
    };
  }
  console.log(`${REPLIES} concurrent replies of "count to ${COUNT}"`);
  console.table(rows);
}
