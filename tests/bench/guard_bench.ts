/**
 * What the connection guard costs: the same handler served directly by
 * `Deno.serve` (the baseline) and behind the guard, measured in the same
 * run, alternating rounds: small requests per second over keep-alive, and
 * MB/s of one large streamed body.
 *
 * @module
 */
import { serveGuarded } from "../../lib/security/mod.ts";

const BIG = 64 * 1024 * 1024;
const chunk = new Uint8Array(64 * 1024).fill(0x61);

function handler(req: Request): Response {
  if (new URL(req.url).pathname === "/big") {
    let sent = 0;
    return new Response(
      new ReadableStream({
        pull(controller) {
          if (sent >= BIG) return controller.close();
          controller.enqueue(chunk);
          sent += chunk.length;
        },
      }),
    );
  }
  return Response.json({ ok: true });
}

async function smallPerSecond(base: string, count: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const response = await fetch(base + "/small");
    await response.arrayBuffer();
  }
  return count / ((performance.now() - started) / 1000);
}

async function bigMBps(base: string): Promise<number> {
  const started = performance.now();
  const response = await fetch(base + "/big");
  let size = 0;
  for await (const part of response.body!) size += part.length;
  return size / 1024 / 1024 / ((performance.now() - started) / 1000);
}

const direct = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen() {} },
  handler,
);
const stop = new AbortController();
const guarded = serveGuarded(handler, {
  hostname: "127.0.0.1",
  port: 0,
  signal: stop.signal,
  limits: {
    headersTimeoutMs: 20_000,
    idleTimeoutMs: 120_000,
    writeStallMs: 60_000,
  },
});
const bases = {
  "Deno.serve (baseline)": `http://127.0.0.1:${direct.addr.port}`,
  "behind the guard": `http://127.0.0.1:${guarded.addr.port}`,
};
const results: Record<string, { rps: number[]; mbps: number[] }> = {};
for (const name of Object.keys(bases)) results[name] = { rps: [], mbps: [] };
for (let round = 0; round < 3; round++) {
  for (const [name, base] of Object.entries(bases)) {
    results[name].rps.push(await smallPerSecond(base, 1000));
    results[name].mbps.push(await bigMBps(base));
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1];
for (const [name, r] of Object.entries(results)) {
  console.log(
    `${name.padEnd(24)} small requests/s ${
      median(r.rps).toFixed(0).padStart(6)
    }   64 MB body ${median(r.mbps).toFixed(0).padStart(5)} MB/s`,
  );
}
await direct.shutdown();
stop.abort();
guarded.guard.close();
await guarded.finished;
