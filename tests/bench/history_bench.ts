/**
 * What history costs the server, with 10,000 and 20,000 conversations (and
 * one of 2,000 messages), each figure beside a baseline from the same run,
 * rounds alternated:
 *
 * - cold start of `main.ts` to its first 200 on `/`, against a bare
 *   `Deno.serve` process started the same way (aim ≤ 400 ms at 10k,
 *   20k/10k ≤ 1.15×);
 * - the CPU the process used until then (what a busy machine inflates
 *   least: wall times there can be several times a quiet machine's);
 * - idle RSS once start-up work is done, against the bare process (aim ≤ 100 MB
 *   at 10k, 20k/10k ≤ 1.1×);
 * - content search over 10k conversations (`GET /api/conversations?q=`),
 *   p50, against the bare process answering the same JSON (aim ≤ 50 ms);
 * - opening the 2,000-message conversation (`GET /api/conversations/:id`),
 *   first time and again, against the bare process sending the same bytes.
 *
 * Run: `deno task bench history` (`--rounds=3`). With `--against <commit>`
 * the app as it was at that commit (built in a copy outside the repository,
 * `_against.ts`) runs in the same rounds on the same data, in alternated
 * order with this app and the bare process, and each figure gets its
 * column: before and after from one run, each beside the same bare process.
 * With `--settled` each process also stays idle 45 s more and its RSS is
 * read again: V8's memory reducer gives back the heap start-up grew after
 * about 40 s of quiet (no flags), which the first idle figure is before.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { COMMON_WORD, type History, quantile, RARE_WORD } from "./_data.ts";
import { writeHistory } from "./_data.ts";
import { againstCommit, buildAt, run } from "./_against.ts";
import { cpuMs, rssMb } from "./_rss.ts";
import { startTaskFlagsAllowingAll } from "../_helpers/start_task.ts";

const rounds = Number(
  Deno.args.find((a) => a.startsWith("--rounds="))?.split("=")[1] ?? 3,
);
const root = fileURLToPath(new URL("../../", import.meta.url));
const settled = Deno.args.includes("--settled");
/** How long `--settled` waits after the first idle figure. */
const SETTLE_MS = 45_000;
const against = againstCommit();
/** The other commit's copy, built, when `--against` names one. */
const other = against ? await buildAt(against) : null;
/**
 * Each copy of the app starts as its own `deno task start` runs main.ts
 * (with `-A` for the data folders outside ./data).
 */
const startFlags = {
  app: await startTaskFlagsAllowingAll(root),
  against: other ? await startTaskFlagsAllowingAll(other.dir) : [],
};
const bareScript = fileURLToPath(
  new URL("../_helpers/bare_process.ts", import.meta.url),
);

function freePort(): number {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Started {
  base: string;
  pid: number;
  /** Spawn to first 200 on `/`, ms. */
  coldMs: number;
  /** CPU the process used until then, ms: what load cannot inflate much. */
  coldCpuMs: number;
  stop(): Promise<void>;
}

type Kind = "app" | "against" | "bare";

/** Spawn the app (or the bare server) and wait for its first 200. */
async function start(kind: Kind, dataDir: string): Promise<Started> {
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const began = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: kind === "bare"
      ? ["run", "-A", bareScript]
      : ["run", ...startFlags[kind], "main.ts"],
    cwd: kind === "against" ? other!.dir : root,
    env: { PORT: String(port), HOSTNAME: "127.0.0.1", DATA_DIR: dataDir },
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  while (true) {
    try {
      const response = await fetch(`${base}/`);
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    await sleep(5);
  }
  const coldMs = performance.now() - began;
  return {
    base,
    pid: child.pid,
    coldMs,
    coldCpuMs: cpuMs(child.pid),
    async stop() {
      child.kill("SIGTERM");
      await child.status;
    },
  };
}

/** Wait until a process uses under 10 ms of CPU in half a second. */
async function idle(pid: number): Promise<void> {
  const until = performance.now() + 20_000;
  let last = cpuMs(pid);
  while (performance.now() < until) {
    await sleep(500);
    const now = cpuMs(pid);
    if (now - last < 10) return;
    last = now;
  }
}

async function timed(url: string, runs: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const began = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`${url}: ${response.status}`);
    out.push(performance.now() - began);
  }
  return out;
}

/** Serve fixed bytes from the bare process's twin, in this process. */
function serveBytes(body: Uint8Array<ArrayBuffer>, type: string) {
  return Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => new Response(body, { headers: { "content-type": type } }),
  );
}

/**
 * After a first start ever: a search waits for the start-up pass that
 * builds the search index; stopping before it ends would leave the later
 * rounds rebuilding it.
 */
async function firstStart(started: Started): Promise<void> {
  await (await fetch(`${started.base}/api/conversations?q=${RARE_WORD}`))
    .arrayBuffer();
  await started.stop();
}

const scratch = await Deno.makeTempDir({ prefix: "history_bench_" });
const sizes = [10_000, 20_000];
const histories = new Map<number, History>();
interface Figure {
  app: number[];
  bare: number[];
  against: number[];
}
const figures = new Map<string, Figure>();
const add = (name: string, app: number, bare: number, against?: number) => {
  const f = figures.get(name) ?? { app: [], bare: [], against: [] };
  f.app.push(app);
  f.bare.push(bare);
  if (against !== undefined) f.against.push(against);
  figures.set(name, f);
};
try {
  for (const size of sizes) {
    const dir = `${scratch}/${size}`;
    histories.set(size, await writeHistory(dir, { count: size }));
    // The other commit gets a copy of its own: one process holds a data
    // folder, and the other commit's derived files may differ.
    if (other) {
      await run(["cp", "-a", dir, `${dir}-against`], root);
      await firstStart(
        await start("against", `${dir}-against`),
      );
    }
    // The first start ever may build derived files; measured apart.
    const first = await start("app", dir);
    const bare = await start("bare", dir);
    add(`first start ever, ${size / 1000}k (ms)`, first.coldMs, bare.coldMs);
    await firstStart(first);
    await bare.stop();
  }
  const emptyDir = `${scratch}/empty`;
  if (other) await Deno.mkdir(`${emptyDir}-against`);
  for (let round = 0; round < rounds; round++) {
    for (const size of [0, ...sizes]) {
      const dir = size === 0 ? emptyDir : `${scratch}/${size}`;
      const label = size === 0 ? "empty" : `${size / 1000}k`;
      // Alternate which one starts first.
      const kinds: Kind[] = other
        ? ["app", "against", "bare"]
        : ["app", "bare"];
      const order = round % 2 ? kinds.toReversed() : kinds;
      const got: Partial<Record<Kind, Started>> = {};
      for (const kind of order) {
        got[kind] = await start(
          kind,
          kind === "against" ? `${dir}-against` : dir,
        );
      }
      // Idle: both done with start-up work (the app's check of every
      // file runs after its first 200), at most 20 s.
      for (const kind of order) await idle(got[kind]!.pid);
      add(
        `cold start to first 200, ${label} (ms)`,
        got.app!.coldMs,
        got.bare!.coldMs,
        got.against?.coldMs,
      );
      add(
        `CPU to first 200, ${label} (ms)`,
        got.app!.coldCpuMs,
        got.bare!.coldCpuMs,
        got.against?.coldCpuMs,
      );
      add(
        `idle RSS, ${label} (MB)`,
        rssMb(got.app!.pid),
        rssMb(got.bare!.pid),
        got.against && rssMb(got.against.pid),
      );
      if (settled) {
        await sleep(SETTLE_MS);
        add(
          `idle RSS 45 s later, ${label} (MB)`,
          rssMb(got.app!.pid),
          rssMb(got.bare!.pid),
          got.against && rssMb(got.against.pid),
        );
      }
      if (size === 10_000) {
        const h = histories.get(size)!;
        for (
          const [word, name] of [[RARE_WORD, "one match"], [
            COMMON_WORD,
            "many matches",
          ]]
        ) {
          const url = `${got.app!.base}/api/conversations?q=${
            encodeURIComponent(word)
          }`;
          const body = new Uint8Array(await (await fetch(url)).arrayBuffer());
          const twin = serveBytes(body, "application/json");
          const twinUrl = `http://127.0.0.1:${twin.addr.port}/`;
          add(
            `search 10k content, ${name}, p50 (ms)`,
            quantile(await timed(url, 20), 0.5),
            quantile(await timed(twinUrl, 20), 0.5),
          );
          await twin.shutdown();
        }
        const open = `${got.app!.base}/api/conversations/${h.big}`;
        const firstOpen = (await timed(open, 1))[0];
        const again = quantile(await timed(open, 10), 0.5);
        const body = new Uint8Array(await (await fetch(open)).arrayBuffer());
        const twin = serveBytes(body, "application/json");
        const twinUrl = `http://127.0.0.1:${twin.addr.port}/`;
        const bareOpen = quantile(await timed(twinUrl, 10), 0.5);
        add("open 2,000-message conversation, first (ms)", firstOpen, bareOpen);
        add("open 2,000-message conversation, again p50 (ms)", again, bareOpen);
        await twin.shutdown();
      }
      for (const kind of order) await got[kind]!.stop();
    }
  }
} finally {
  await Deno.remove(scratch, { recursive: true });
  if (other) await Deno.remove(other.dir, { recursive: true });
}

const median = (v: number[]) => quantile(v, 0.5);
const table: Record<string, Record<string, string>> = {};
const cell = (values: number[]) =>
  `${median(values).toFixed(1)} (${
    values.map((v) => v.toFixed(0)).join(", ")
  })`;
for (const [name, f] of figures) {
  const app = median(f.app);
  const bare = median(f.bare);
  table[name] = {
    app: cell(f.app),
    ...(other
      ? { [`at ${other.name}`]: f.against.length ? cell(f.against) : "" }
      : {}),
    baseline: `${bare.toFixed(1)} bare`,
    ratio: `${(app / bare).toFixed(2)}×`,
  };
}
const growth = (what: string) => {
  const unit = what.startsWith("idle") ? "MB" : "ms";
  const ten = figures.get(`${what}, 10k (${unit})`);
  const twenty = figures.get(`${what}, 20k (${unit})`);
  if (!ten || !twenty) return;
  const ratio = (a: number[], b: number[]) =>
    `${(median(a) / median(b)).toFixed(2)}×`;
  table[`${what}: 20k / 10k`] = {
    app: ratio(twenty.app, ten.app),
    ...(ten.against.length
      ? { [`at ${other!.name}`]: ratio(twenty.against, ten.against) }
      : {}),
    baseline: `${(median(twenty.bare) / median(ten.bare)).toFixed(2)}× bare`,
    ratio: "",
  };
};
growth("cold start to first 200");
growth("CPU to first 200");
growth("idle RSS");
growth("idle RSS 45 s later");
const load = (await Deno.readTextFile("/proc/loadavg")).split(" ")
  .slice(0, 3).join(" ");
console.log(
  `History benchmark: medians of ${rounds} alternated rounds (each round's values in brackets); load average at the end ${load}`,
);
console.table(table);
console.log(
  "Aims: cold start 10k ≤ 400 ms and 20k/10k ≤ 1.15×; idle RSS 10k ≤ 100 MB and 20k/10k ≤ 1.1×; search p50 ≤ 50 ms.",
);
