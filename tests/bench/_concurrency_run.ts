/**
 * One run of the concurrency benchmark (`concurrency_bench.ts` runs it for
 * the app and the bare baseline, alternated). Many replies at once, and
 * the server's memory: starts the real server
 * (`main.ts`) as its own process with the demo model paced at 20 ms, opens
 * 1,000 concurrent `POST …/messages` streams on loopback and checks that
 * every one completes with no lost or repeated delta. Reports the added
 * inter-token delay seen by clients (aim p99 ≤ 25 ms), the server's peak
 * RSS under load (aim ≤ 300 MB) and its idle RSS (aim ≤ 80 MB).
 *
 * With `--bare`, the same load against a bare `Deno.serve` sending the same
 * paced lines: the floor this machine allows.
 *
 *     deno run -A tests/bench/_concurrency_run.ts [--streams=1000] [--tokens=100] [--delay=20] [--bare] [--json]
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { cpuMs, rssMb } from "./_rss.ts";

function flag(name: string, fallback: number): number {
  const arg = Deno.args.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split("=")[1]) : fallback;
}

const streams = flag("streams", 1000);
const tokens = flag("tokens", 100);
const delay = flag("delay", 20);
const root = fileURLToPath(new URL("../../", import.meta.url));

/** User + system CPU seconds a process has used. */
const cpuSeconds = (pid: number) => cpuMs(pid) / 1000;

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The floor to compare with (`--bare`): a bare `Deno.serve` in its own
 * process answering the same requests with the same paced NDJSON lines (the
 * app's shared pacing timers), with no model, store or router. What the app
 * adds on top of this is its own cost; the rest is this machine's.
 */
async function serveBare(): Promise<never> {
  const { sleepUntil } = await import("../../lib/ai/pacer.ts");
  const encoder = new TextEncoder();
  const reply = Array.from({ length: tokens }, (_, i) => i + 1).join(" ");
  const json = (body: unknown) => Response.json(body);
  const server = Deno.serve({
    port: 0,
    hostname: "127.0.0.1",
    onListen: ({ port }) => console.log(`ready on http://127.0.0.1:${port}/`),
  }, (req) => {
    const path = new URL(req.url).pathname;
    if (req.method === "POST" && path === "/api/conversations") {
      return json({ id: crypto.randomUUID() });
    }
    if (req.method === "GET") {
      return json({ messages: [{ content: reply, status: "complete" }] });
    }
    let seq = 0;
    let due = performance.now();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (seq === 0) {
          await req.text();
          controller.enqueue(encoder.encode(`{"type":"start","seq":0}\n`));
          seq++;
          return;
        }
        if (seq > tokens) {
          controller.enqueue(
            encoder.encode(`{"type":"done","seq":${seq}}\n`),
          );
          return controller.close();
        }
        if (seq > 1) {
          due = Math.max(due + delay, performance.now() - delay);
          await sleepUntil(due).done;
        }
        const text = seq < tokens ? `${seq} ` : `${seq}`;
        controller.enqueue(encoder.encode(
          `{"type":"delta","seq":${seq},"text":${JSON.stringify(text)}}\n`,
        ));
        seq++;
      },
    }, { highWaterMark: 0 });
    return new Response(body, {
      headers: { "content-type": "application/x-ndjson" },
    });
  });
  await server.finished;
  Deno.exit(0);
}
if (Deno.args.includes("--serve-bare")) await serveBare();
const bareMode = Deno.args.includes("--bare");

const dataDir = await Deno.makeTempDir({ prefix: "concurrency_bench_" });
const env: Record<string, string> = {
  PORT: "0",
  HOSTNAME: "127.0.0.1",
  DATA_DIR: dataDir,
  DEMO_TOKEN_DELAY_MS: String(delay),
};
const server = new Deno.Command(Deno.execPath(), {
  args: bareMode
    ? [
      "run",
      "-A",
      fileURLToPath(import.meta.url),
      ...Deno.args,
      "--serve-bare",
    ]
    : ["run", "-A", "main.ts"],
  cwd: root,
  env,
  clearEnv: false,
  stdout: "piped",
  stderr: "inherit",
}).spawn();
for (const name of ["OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY"]) {
  if (Deno.env.get(name)) {
    console.warn(`${name} is set; the bench uses the demo model only.`);
  }
}

// Wait for "ready on http://host:port/".
const lines = server.stdout.pipeThrough(new TextDecoderStream()).getReader();
let base = "";
let pending = "";
while (!base) {
  const { done, value } = await lines.read();
  if (done) throw new Error("the server exited before it was ready");
  pending += value;
  const match = /ready on (http:\/\/[^\s/]+)\//.exec(pending);
  if (match) base = match[1];
}
// Keep draining its output so it never blocks on a full pipe.
(async () => {
  while (!(await lines.read()).done) { /* discard */ }
})();

await sleep(2000);
const idleFresh = rssMb(server.pid);

async function json(path: string, init?: RequestInit) {
  const response = await fetch(`${base}${path}`, init);
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return await response.json();
}

const ids: string[] = [];
for (let i = 0; i < streams; i += 50) {
  const batch = await Promise.all(
    Array.from(
      { length: Math.min(50, streams - i) },
      () =>
        json("/api/conversations", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ title: "bench" }),
        }),
    ),
  );
  ids.push(...batch.map((c) => c.id ?? c.conversation?.id));
}

let peak = rssMb(server.pid);
const sampler = setInterval(() => {
  peak = Math.max(peak, rssMb(server.pid));
}, 50);

const expected = Array.from({ length: tokens }, (_, i) => i + 1).join(" ");
const gaps: number[] = [];
const firstDelta: number[] = [];
let failures = 0;
let duplicates = 0;
let lost = 0;

/**
 * The body of a chunked HTTP/1.1 response, decoded as it arrives. The load
 * generator speaks HTTP over a plain socket: with 1,000 streams, `fetch`
 * and a `TextDecoderStream` per response cost this process as much CPU as
 * the server under test uses, on the same two cores.
 */
class ChunkedBody {
  #pending = new Uint8Array(0);
  #left = -1;
  #decoder = new TextDecoder();
  /** The final zero-size chunk was read. */
  ended = false;

  /** Feed raw bytes; returns the body text they complete. */
  feed(bytes: Uint8Array): string {
    let data = bytes;
    if (this.#pending.length > 0) {
      data = new Uint8Array(this.#pending.length + bytes.length);
      data.set(this.#pending);
      data.set(bytes, this.#pending.length);
    }
    let text = "";
    let at = 0;
    while (at < data.length && !this.ended) {
      if (this.#left > 0) {
        const take = Math.min(this.#left, data.length - at);
        text += this.#decoder.decode(data.subarray(at, at + take), {
          stream: true,
        });
        at += take;
        this.#left -= take;
        continue;
      }
      // A size line ("\r\n" after the previous chunk's data, then hex).
      const lineEnd = data.indexOf(0x0a, at + (this.#left === 0 ? 2 : 0));
      if (lineEnd < 0) break;
      const line = String.fromCharCode(...data.subarray(at, lineEnd)).trim();
      const size = parseInt(line, 16);
      at = lineEnd + 1;
      if (size === 0) this.ended = true;
      else this.#left = size;
    }
    this.#pending = data.slice(at);
    return text;
  }
}

const target = new URL(base);
const requestEncoder = new TextEncoder();

async function oneStream(id: string): Promise<void> {
  const body = JSON.stringify({ content: `count to ${tokens}` });
  const sentAt = performance.now();
  const conn = await Deno.connect({
    hostname: target.hostname,
    port: Number(target.port),
  });
  try {
    const request = requestEncoder.encode(
      `POST /api/conversations/${id}/messages HTTP/1.1\r\n` +
        `host: ${target.host}\r\ncontent-type: application/json\r\n` +
        `content-length: ${body.length}\r\nconnection: close\r\n\r\n${body}`,
    );
    for (let done = 0; done < request.length;) {
      done += await conn.write(request.subarray(done));
    }
    const buf = new Uint8Array(65_536);
    let head = "";
    let chunked: ChunkedBody | undefined;
    let buffer = "";
    let text = "";
    let nextSeq = 0;
    let lastDeltaAt = -1;
    let finished = false;
    while (!chunked?.ended) {
      const n = await conn.read(buf);
      if (n === null) break;
      const at = performance.now();
      let bytes = buf.subarray(0, n);
      if (!chunked) {
        head += String.fromCharCode(...bytes);
        const headEnd = head.indexOf("\r\n\r\n");
        if (headEnd < 0) continue;
        if (!/^HTTP\/1\.1 200 /.test(head) || !/chunked/i.test(head)) {
          failures++;
          return;
        }
        bytes = bytes.subarray(bytes.length - (head.length - headEnd - 4));
        chunked = new ChunkedBody();
      }
      buffer += chunked.feed(bytes);
      const end = buffer.lastIndexOf("\n");
      if (end < 0) continue;
      for (const line of buffer.slice(0, end).split("\n")) {
        const event = JSON.parse(line);
        if (event.seq < nextSeq) duplicates++;
        else if (event.seq > nextSeq) lost += event.seq - nextSeq;
        nextSeq = event.seq + 1;
        if (event.type === "delta") {
          if (lastDeltaAt >= 0) gaps.push(at - lastDeltaAt);
          else firstDelta.push(at - sentAt);
          lastDeltaAt = at;
          text += event.text;
        }
        if (event.type === "done") finished = true;
      }
      buffer = buffer.slice(end + 1);
    }
    if (!finished || text !== expected) failures++;
  } finally {
    conn.close();
  }
}

const cpuBefore = cpuSeconds(server.pid);
const clientCpuBefore = cpuSeconds(Deno.pid);
const started = performance.now();
await Promise.all(ids.map(oneStream));
const elapsed = performance.now() - started;
const cpuUsed = cpuSeconds(server.pid) - cpuBefore;
const clientCpuUsed = cpuSeconds(Deno.pid) - clientCpuBefore;
clearInterval(sampler);
peak = Math.max(peak, rssMb(server.pid));

// The store agrees with what was streamed.
let stored = 0;
for (let i = 0; i < ids.length; i += 50) {
  const batch = await Promise.all(
    ids.slice(i, i + 50).map((id) => json(`/api/conversations/${id}`)),
  );
  for (const body of batch) {
    const reply = body.messages?.at(-1);
    if (reply?.content === expected && reply?.status === "complete") stored++;
  }
}

await sleep(2000);
const idleAfter = rssMb(server.pid);
server.kill("SIGTERM");
await server.status;
await Deno.remove(dataDir, { recursive: true });

const sorted = Float64Array.from(gaps).sort();
const starts = Float64Array.from(firstDelta).sort();
const p50 = percentile(sorted, 0.5);
const p99 = percentile(sorted, 0.99);
if (Deno.args.includes("--json")) {
  console.log(
    "RESULT " + JSON.stringify({
      intact: streams - failures,
      stored,
      lost,
      duplicates,
      wallS: elapsed / 1000,
      firstP50: percentile(starts, 0.5),
      firstP99: percentile(starts, 0.99),
      gapP50: p50,
      gapP99: p99,
      cpuS: cpuUsed,
      peakMb: peak,
      idleStartMb: idleFresh,
      idleAfterMb: idleAfter,
    }),
  );
  Deno.exit(0);
}
console.log(
  `Concurrency benchmark${
    bareMode ? " (BARE Deno.serve baseline, not the app)" : ""
  }: ${streams} streams × ${tokens} tokens, demo paced at ${delay} ms`,
);
console.table({
  "streams completed intact": `${streams - failures} / ${streams}`,
  "stored complete and equal": `${stored} / ${streams}`,
  "lost / duplicated deltas": `${lost} / ${duplicates}`,
  "wall time": `${(elapsed / 1000).toFixed(1)} s (ideal ${
    ((tokens - 1) * delay / 1000).toFixed(1)
  } s)`,
  "first delta after send p50 / p99": `${
    percentile(starts, 0.5).toFixed(0)
  } / ${percentile(starts, 0.99).toFixed(0)} ms`,
  "server CPU during the streams": `${cpuUsed.toFixed(1)} s over ${
    (elapsed / 1000).toFixed(1)
  } s`,
  "load generator CPU (this process)": `${clientCpuUsed.toFixed(1)} s`,
  "inter-token gap p50 / p99 / max": `${p50.toFixed(1)} / ${p99.toFixed(1)} / ${
    sorted.at(-1)!.toFixed(1)
  } ms`,
  "added p99 inter-token delay": `${(p99 - delay).toFixed(1)} ms (aim ≤ 25)`,
  "server peak RSS under load": `${peak.toFixed(0)} MB (aim ≤ 300)`,
  "server idle RSS at start": `${idleFresh.toFixed(0)} MB (aim ≤ 80)`,
  "server idle RSS after load": `${idleAfter.toFixed(0)} MB`,
});
