/**
 * Relay throughput: a 20,000-token demo reply with no pacing, streamed
 * through `POST /api/conversations/:id/messages` of the real app, against a
 * bare `Deno.serve` sending the very same bytes 100 lines per chunk (the
 * coalesced ceiling), in the same process and run, alternating.
 *
 *     deno run -A tests/bench/relay_bench.ts [--rounds=15] [--tokens=20000]
 *
 * Prints medians in deltas per second and the ratio relay / bare (aim ≥ 0.8)
 * with, beside it, the ratios against the bare servers sending as many
 * chunks as the relay, and the CPU one reply costs: this process's CPU
 * during each run, less
 * that of a bare replay of the same bytes (mostly the client reading
 * them), for the relay against a bare server building the same lines (aim
 * ≤ 2×). Like with like: the bare servers also send the lines in as many
 * chunks as the relay's coalescing makes (fewer, larger chunks cost less on
 * both ends); the figure against 100 lines a chunk is printed beside it.
 *
 * @module
 */
import { cpuUsage } from "node:process";
import { applyBuild } from "../_helpers/app_build.ts";
import { createApp } from "../../main.ts";
import { readConfig } from "../../lib/config.ts";
import { createServices } from "../../lib/services.ts";

function flag(name: string, fallback: number): number {
  const arg = Deno.args.find((a) => a.startsWith(`--${name}=`));
  return arg ? Number(arg.split("=")[1]) : fallback;
}

const rounds = flag("rounds", 15);
const tokens = flag("tokens", 20_000);
const LINES_PER_CHUNK = 100;

interface Timing {
  /** Request sent → last byte, ms. */
  total: number;
  /** First body byte → last byte, ms. */
  streaming: number;
  bytes: number;
  chunks: number;
  /** CPU (user + system) this process used meanwhile, ms. */
  cpu: number;
}

async function measure(request: () => Promise<Response>): Promise<Timing> {
  const cpuBefore = cpuUsage();
  const started = performance.now();
  const response = await request();
  let first = 0;
  let bytes = 0;
  let chunks = 0;
  for await (const chunk of response.body!) {
    if (chunks === 0) first = performance.now();
    chunks++;
    bytes += chunk.byteLength;
  }
  const ended = performance.now();
  const cpuAfter = cpuUsage(cpuBefore);
  return {
    total: ended - started,
    streaming: ended - first,
    bytes,
    chunks,
    cpu: (cpuAfter.user + cpuAfter.system) / 1000,
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const dataDir = await Deno.makeTempDir({ prefix: "relay_bench_" });
const config = readConfig(Deno.env, {
  port: 0,
  dataDir,
  demoTokenDelayMs: 0,
  openaiApiKey: undefined,
  openaiBaseUrl: undefined,
  anthropicApiKey: undefined,
});
const services = await createServices(config);
const app = await applyBuild(createApp(services));
const relay = Deno.serve(
  { port: 0, hostname: "127.0.0.1", onListen() {} },
  app.handler(),
);
const relayBase = `http://127.0.0.1:${relay.addr.port}`;

async function relayOnce(): Promise<Timing> {
  const { id } = await services.store.createConversation({ title: "bench" });
  return await measure(() =>
    fetch(`${relayBase}/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: `count to ${tokens}` }),
    })
  );
}

// The exact bytes the relay sends, to replay from a bare server.
const { id: sampleId } = await services.store.createConversation({
  title: "sample",
});
const sample = await (await fetch(
  `${relayBase}/api/conversations/${sampleId}/messages`,
  {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ content: `count to ${tokens}` }),
  },
)).text();
const lines = sample.split(/(?<=\n)/);
const encoder = new TextEncoder();

/** A bare server replaying the relay's bytes, `perChunk` lines a chunk. */
function replayServer(perChunk: number) {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < lines.length; i += perChunk) {
    chunks.push(encoder.encode(lines.slice(i, i + perChunk).join("")));
  }
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => {
      let next = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (next < chunks.length) controller.enqueue(chunks[next++]);
          else controller.close();
        },
      }, { highWaterMark: 0 });
      return new Response(body, {
        headers: { "content-type": "application/x-ndjson" },
      });
    },
  );
  const url = `http://127.0.0.1:${server.addr.port}/`;
  return { once: () => measure(() => fetch(url)), server };
}

/**
 * A bare server that builds the same lines as it goes (numbers, JSON
 * encoding, `perChunk` lines a chunk): the relay's job without model, SDK,
 * store or router.
 */
function buildingServer(perChunk: number) {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => {
      let seq = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (seq > tokens) return controller.close();
          let chunk = "";
          for (let i = 0; i < perChunk && seq <= tokens; i++, seq++) {
            const text = seq < tokens ? `${seq + 1} ` : `${seq}`;
            chunk += `{"type":"delta","seq":${seq},"text":${
              JSON.stringify(text)
            }}\n`;
          }
          controller.enqueue(encoder.encode(chunk));
        },
      }, { highWaterMark: 0 });
      return new Response(body, {
        headers: { "content-type": "application/x-ndjson" },
      });
    },
  );
  const url = `http://127.0.0.1:${server.addr.port}/`;
  return { once: () => measure(() => fetch(url)), server };
}

// Warm up the relay (JIT, connection pool) and learn how many chunks its
// coalescing makes of one reply: the like-with-like bare servers send
// that many too (fewer, larger chunks cost less on both ends).
const warm: Timing[] = [];
for (let i = 0; i < 3; i++) warm.push(await relayOnce());
const relayChunks = median(warm.map((r) => r.chunks));
const matched = Math.ceil(lines.length / relayChunks);

const bare = replayServer(LINES_PER_CHUNK);
const building = buildingServer(LINES_PER_CHUNK);
const bareMatched = replayServer(matched);
const buildingMatched = buildingServer(matched);
for (let i = 0; i < 3; i++) {
  await bare.once();
  await building.once();
  await bareMatched.once();
  await buildingMatched.once();
}

const relayRuns: Timing[] = [];
const bareRuns: Timing[] = [];
const buildingRuns: Timing[] = [];
const bareMatchedRuns: Timing[] = [];
const buildingMatchedRuns: Timing[] = [];
for (let i = 0; i < rounds; i++) {
  bareRuns.push(await bare.once());
  buildingRuns.push(await building.once());
  relayRuns.push(await relayOnce());
  bareMatchedRuns.push(await bareMatched.once());
  buildingMatchedRuns.push(await buildingMatched.once());
}

const deltas = tokens;
const rate = (ms: number) => Math.round(deltas / (ms / 1000));

/** One row of the table: medians of `runs`, as times and as rates. */
function row(runs: Timing[]) {
  const total = median(runs.map((r) => r.total));
  const streaming = median(runs.map((r) => r.streaming));
  return {
    "total ms": total.toFixed(1),
    "deltas/s (total)": rate(total),
    "streaming ms": streaming.toFixed(1),
    "deltas/s (streaming)": rate(streaming),
    chunks: median(runs.map((r) => r.chunks)),
  };
}

console.log(
  `Relay benchmark: ${deltas} deltas, ${
    relayRuns[0].bytes
  } bytes, ${rounds} rounds (medians)`,
);
console.table({
  "relay (POST …/messages)": row(relayRuns),
  [`bare Deno.serve, ${LINES_PER_CHUNK} lines/chunk`]: row(bareRuns),
  [`bare Deno.serve building the lines, ${LINES_PER_CHUNK}/chunk`]: row(
    buildingRuns,
  ),
  [`bare Deno.serve, ${matched} lines/chunk (as the relay)`]: row(
    bareMatchedRuns,
  ),
  [`bare Deno.serve building the lines, ${matched}/chunk (as the relay)`]: row(
    buildingMatchedRuns,
  ),
});

/**
 * The relay's speed against a bare server's (`runs`): their time over the
 * relay's, for the whole request and for the streaming alone.
 */
function printRatio(against: string, runs: Timing[], aim = ""): void {
  const middle = (of: Timing[], key: "total" | "streaming") =>
    median(of.map((r) => r[key]));
  const ratio = (key: "total" | "streaming") =>
    (middle(runs, key) / middle(relayRuns, key)).toFixed(2);
  console.log(
    `ratio relay / bare ${against}: ${ratio("total")}× (request to last ` +
      `byte), ${ratio("streaming")}× (first to last byte)${aim}`,
  );
}

printRatio("replaying bytes", bareRuns, "; aim ≥ 0.8×");
printRatio("building lines", buildingRuns);
// Like with like: bare servers sending the lines in as many chunks as the
// relay (the 100-lines-a-chunk ceiling above sends more, smaller chunks).
printRatio(
  `replaying bytes in as many chunks as the relay (${matched} lines/chunk)`,
  bareMatchedRuns,
);
printRatio(
  `building lines in as many chunks as the relay (${matched} lines/chunk)`,
  buildingMatchedRuns,
);

const cpu = (runs: Timing[]) => median(runs.map((r) => r.cpu));
const relayCpu = cpu(relayRuns);
/** CPU of one reply beyond the client's share (a byte replay, same chunks). */
const beyond = (runs: Timing[], replay: Timing[]) => cpu(runs) - cpu(replay);
const likeRelay = beyond(relayRuns, bareMatchedRuns);
const likeBuilding = beyond(buildingMatchedRuns, bareMatchedRuns);
console.log(
  `CPU per ${deltas}-delta reply, this process (client included), ms: relay ` +
    `${relayCpu.toFixed(0)} (${relayChunks} chunks); bare building the ` +
    `lines ${cpu(buildingMatchedRuns).toFixed(0)} in ${matched}-line chunks, ` +
    `${cpu(buildingRuns).toFixed(0)} in ${LINES_PER_CHUNK}-line chunks; ` +
    `byte replay ${cpu(bareMatchedRuns).toFixed(0)} / ${
      cpu(bareRuns).toFixed(0)
    }`,
);
console.log(
  `Like with like (same chunks, less a byte replay of them): relay ` +
    `${likeRelay.toFixed(0)} ms vs bare building ${
      likeBuilding.toFixed(0)
    } ms: ${(likeRelay / likeBuilding).toFixed(1)}× (aim ≤ 2×). Unlike ` +
    `(the old figure: bare at ${LINES_PER_CHUNK} lines a chunk): ${
      (
        beyond(relayRuns, bareRuns) / beyond(buildingRuns, bareRuns)
      ).toFixed(1)
    }×`,
);

await relay.shutdown();
for (const bench of [bare, building, bareMatched, buildingMatched]) {
  await bench.server.shutdown();
}
await services.close();
await Deno.remove(dataDir, { recursive: true });
