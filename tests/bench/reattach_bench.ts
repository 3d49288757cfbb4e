/**
 * Reattach latency across two processes sharing one Deno KV file: the time
 * from a delta arriving from instance A (which writes the reply) to the
 * same delta arriving from instance B (which follows it through KV), p50
 * and p99. Baseline in the same run: a second stream of the same reply
 * from A itself (same process, in memory).
 *
 * Run: `deno task bench reattach`.
 */
import { startMain } from "../_helpers/main_process.ts";
import { quantile } from "./_data.ts";

const N = 400;

/** Arrival time of every delta `seq` of a stream. */
async function arrivals(response: Response): Promise<Map<number, number>> {
  const times = new Map<number, number>();
  const reader = response.body!.pipeThrough(new TextDecoderStream())
    .getReader();
  let rest = "";
  for (;;) {
    let chunk: ReadableStreamReadResult<string>;
    try {
      chunk = await reader.read();
    } catch (error) {
      // A dropped connection: report what arrived (the count says how much).
      console.error(`a stream ended early: ${(error as Error).message}`);
      return times;
    }
    const { value, done } = chunk;
    if (done) return times;
    const now = performance.now();
    rest += value;
    const lines = rest.split("\n");
    rest = lines.pop()!;
    for (const line of lines) {
      if (!line) continue;
      const event = JSON.parse(line);
      if (event.type === "delta") times.set(event.seq, now);
    }
  }
}

const dir = await Deno.makeTempDir({ prefix: "bench_reattach_" });
const env = {
  STORE: "kv",
  KV_PATH: `${dir}/shared.kv`,
  DEMO_TOKEN_DELAY_MS: "10",
};
const a = await startMain(`${dir}/a`, env);
const b = await startMain(`${dir}/b`, env);
try {
  const json = { "content-type": "application/json" };
  const { id } = await (await fetch(`${a.base}/api/conversations`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ title: "bench" }),
  })).json();
  const started = await fetch(`${a.base}/api/conversations/${id}/messages`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ content: `count to ${N}` }),
  });
  const stream = (base: string) =>
    fetch(`${base}/api/conversations/${id}/stream?after=-1`);
  const [onA, sameA, onB] = await Promise.all([
    arrivals(started),
    stream(a.base).then(arrivals),
    stream(b.base).then(arrivals),
  ]);
  const gaps = (other: Map<number, number>) =>
    [...onA].filter(([seq]) => seq > 20 && other.has(seq))
      .map(([seq, t]) => other.get(seq)! - t);
  const viaKv = gaps(onB);
  const local = gaps(sameA);
  const fmt = (v: number[], q: number) => `${quantile(v, q).toFixed(1)} ms`;
  console.log(`deltas compared: ${viaKv.length} (of ${N}); poll bound 50 ms`);
  console.log(
    `A → B through KV     p50 ${fmt(viaKv, 0.5)}  p99 ${fmt(viaKv, 0.99)}`,
  );
  console.log(
    `A → A second stream  p50 ${fmt(local, 0.5)}  p99 ${fmt(local, 0.99)}`,
  );
} finally {
  for (const p of [a, b]) {
    p.child.kill("SIGKILL");
    await p.child.status;
    await p.drained;
  }
  await Deno.remove(dir, { recursive: true });
}
