/**
 * Relay throughput: a 20,000-token demo reply with no pacing, streamed
 * through `POST /api/conversations/:id/messages` of the real app, against a
 * bare `Deno.serve` sending the very same bytes 100 lines per chunk (the
 * coalesced ceiling), in the same process and run, alternating.
 *
 *     deno run -A tests/bench/relay_bench.ts [--rounds=15] [--tokens=20000]
 *
 * Prints medians in deltas per second and the ratio relay / bare (aim ≥ 0.8),
 * and the CPU one reply costs: this process's CPU during each run, less
 * that of the bare replay (which is mostly the client reading the bytes),
 * for the relay against the bare server building the same lines (aim ≤ 2×).
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
const chunks: Uint8Array[] = [];
for (let i = 0; i < lines.length; i += LINES_PER_CHUNK) {
  chunks.push(encoder.encode(lines.slice(i, i + LINES_PER_CHUNK).join("")));
}

const bare = Deno.serve(
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
const bareBase = `http://127.0.0.1:${bare.addr.port}`;
const bareOnce = () => measure(() => fetch(`${bareBase}/`));

// A bare server that builds the same lines as it goes (numbers, JSON
// encoding, 100 lines per chunk): the relay's job without model, SDK,
// store or router.
const building = Deno.serve(
  { port: 0, hostname: "127.0.0.1", onListen() {} },
  () => {
    let seq = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (seq > tokens) return controller.close();
        let chunk = "";
        for (let i = 0; i < LINES_PER_CHUNK && seq <= tokens; i++, seq++) {
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
const buildingOnce = () =>
  measure(() => fetch(`http://127.0.0.1:${building.addr.port}/`));

// Warm up both paths (JIT, connection pool).
for (let i = 0; i < 3; i++) {
  await relayOnce();
  await bareOnce();
  await buildingOnce();
}

const relayRuns: Timing[] = [];
const bareRuns: Timing[] = [];
const buildingRuns: Timing[] = [];
for (let i = 0; i < rounds; i++) {
  bareRuns.push(await bareOnce());
  buildingRuns.push(await buildingOnce());
  relayRuns.push(await relayOnce());
}

const deltas = tokens;
const rate = (ms: number) => Math.round(deltas / (ms / 1000));
const relayTotal = median(relayRuns.map((r) => r.total));
const relayStreaming = median(relayRuns.map((r) => r.streaming));
const bareTotal = median(bareRuns.map((r) => r.total));
const bareStreaming = median(bareRuns.map((r) => r.streaming));
const buildingTotal = median(buildingRuns.map((r) => r.total));
const buildingStreaming = median(buildingRuns.map((r) => r.streaming));

console.log(
  `Relay benchmark: ${deltas} deltas, ${
    relayRuns[0].bytes
  } bytes, ${rounds} rounds (medians)`,
);
console.table({
  "relay (POST …/messages)": {
    "total ms": relayTotal.toFixed(1),
    "deltas/s (total)": rate(relayTotal),
    "streaming ms": relayStreaming.toFixed(1),
    "deltas/s (streaming)": rate(relayStreaming),
    chunks: median(relayRuns.map((r) => r.chunks)),
  },
  [`bare Deno.serve, ${LINES_PER_CHUNK} lines/chunk`]: {
    "total ms": bareTotal.toFixed(1),
    "deltas/s (total)": rate(bareTotal),
    "streaming ms": bareStreaming.toFixed(1),
    "deltas/s (streaming)": rate(bareStreaming),
    chunks: median(bareRuns.map((r) => r.chunks)),
  },
  [`bare Deno.serve building the lines, ${LINES_PER_CHUNK}/chunk`]: {
    "total ms": buildingTotal.toFixed(1),
    "deltas/s (total)": rate(buildingTotal),
    "streaming ms": buildingStreaming.toFixed(1),
    "deltas/s (streaming)": rate(buildingStreaming),
    chunks: median(buildingRuns.map((r) => r.chunks)),
  },
});
console.log(
  `ratio relay / bare replaying bytes: ${
    (bareTotal / relayTotal).toFixed(2)
  }× (request to last byte), ${
    (bareStreaming / relayStreaming).toFixed(2)
  }× (first to last byte); aim ≥ 0.8×`,
);
console.log(
  `ratio relay / bare building lines: ${
    (buildingTotal / relayTotal).toFixed(2)
  }× (request to last byte), ${
    (buildingStreaming / relayStreaming).toFixed(2)
  }× (first to last byte)`,
);

const cpu = (runs: Timing[]) => median(runs.map((r) => r.cpu));
const client = cpu(bareRuns);
const relayCpu = cpu(relayRuns) - client;
const buildingCpu = cpu(buildingRuns) - client;
console.log(
  `CPU per ${deltas}-delta reply beyond a byte replay (${
    client.toFixed(0)
  } ms, the client's share): relay ${relayCpu.toFixed(0)} ms, bare building ` +
    `the lines ${buildingCpu.toFixed(0)} ms: ${
      (relayCpu / buildingCpu).toFixed(1)
    }× (aim ≤ 2×)`,
);

await relay.shutdown();
await bare.shutdown();
await building.shutdown();
await services.close();
await Deno.remove(dataDir, { recursive: true });
