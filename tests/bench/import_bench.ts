/**
 * Importing a ~60 MB ChatGPT `conversations.json`: time, peak RSS and the
 * longest stall of the event loop (the longest gap between two timer
 * turns, i.e. how long other requests would wait), for the streamed
 * `planImport` beside a baseline in the same run on the same bytes: reading
 * the file whole and `JSON.parse` of it (what the import did before).
 * Each side runs in its own process so peak RSS figures stay apart.
 *
 * Run: `deno task bench import`.
 */
import { planImport } from "../../lib/store/mod.ts";
import { peakRssMb } from "./_rss.ts";

const CONVERSATIONS = 1_800;
const TURNS = 24;

function fileText(): string {
  let seed = 11;
  const random = () =>
    (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const words = [
    "stream",
    "reply",
    "model",
    "token",
    "chat",
    "file",
    "über",
    "😀",
  ];
  const sentence = (n: number) =>
    Array.from({ length: n }, () => words[Math.floor(random() * words.length)])
      .join(" ");
  const items = [];
  for (let c = 0; c < CONVERSATIONS; c++) {
    const mapping: Record<string, unknown> = {};
    let parent: string | null = null;
    for (let i = 0; i < TURNS; i++) {
      const id = `c${c}-n${i}`;
      mapping[id] = {
        id,
        parent,
        children: i + 1 < TURNS ? [`c${c}-n${i + 1}`] : [],
        message: {
          id,
          author: { role: i % 2 ? "assistant" : "user", metadata: {} },
          create_time: 1_700_000_000 + c * 100 + i,
          content: { content_type: "text", parts: [sentence(200)] },
          status: "finished_successfully",
          weight: 1,
          metadata: { model_slug: "gpt-4o", request_id: `r${c}${i}` },
        },
      };
      parent = id;
    }
    items.push({
      title: `Conversation ${c}`,
      create_time: 1_700_000_000 + c * 100,
      update_time: 1_700_000_050 + c * 100,
      current_node: `c${c}-n${TURNS - 1}`,
      mapping,
    });
  }
  return JSON.stringify(items);
}

/** Longest gap between timer turns while `task` runs. */
async function withStallProbe<T>(task: () => Promise<T>) {
  let longest = 0;
  let last = performance.now();
  let running = true;
  const probe = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, 0));
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }
  })();
  const start = performance.now();
  const value = await task();
  const ms = performance.now() - start;
  running = false;
  await probe;
  return { value, ms, stall: Math.max(longest, performance.now() - last) };
}

async function child(mode: string, path: string) {
  const { value, ms, stall } = await withStallProbe(async () => {
    if (mode === "baseline") {
      const text = new TextDecoder().decode(await Deno.readFile(path));
      return (JSON.parse(text) as unknown[]).length;
    }
    const file = await Deno.open(path);
    return (await planImport(file.readable)).conversations.length;
  });
  console.log(JSON.stringify({ items: value, ms, stall, rss: peakRssMb() }));
}

async function run(mode: string, path: string) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(import.meta.url).pathname, mode, path],
    stderr: "inherit",
  }).output();
  return JSON.parse(new TextDecoder().decode(out.stdout));
}

if (Deno.args.length === 2) {
  await child(Deno.args[0], Deno.args[1]);
} else {
  const path = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const text = fileText();
    await Deno.writeTextFile(path, text);
    const mb = (new TextEncoder().encode(text).length / 1024 / 1024).toFixed(1);
    const baseline = await run("baseline", path);
    const streamed = await run("streamed", path);
    const row = (
      r: { items: number; ms: number; stall: number; rss: number },
    ) => ({
      "time": `${r.ms.toFixed(0)} ms`,
      "peak RSS": `${r.rss.toFixed(0)} MB`,
      "longest stall": `${r.stall.toFixed(1)} ms`,
      "conversations": r.items,
    });
    console.log(
      `import of a ${mb} MB conversations.json (${CONVERSATIONS} conversations)`,
    );
    console.table({
      "readFile + JSON.parse (baseline)": row(baseline),
      "planImport, streamed": row(streamed),
    });
  } finally {
    await Deno.remove(path);
  }
}
