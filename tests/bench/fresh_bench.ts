/**
 * Benchmarks of the Fresh layer, each printed beside a baseline measured in
 * the same run:
 * - server-side rendering of a page with three islands vs a bare
 *   `Deno.serve` answering with the same HTML (requests/s and ratio);
 * - cold start of `main.ts` to its first 200, with built assets;
 * - gzipped JavaScript a page with one island loads (aim ≤ 10 KB).
 *
 * Run: `deno run -A tests/bench/fresh_bench.ts`.
 *
 * @module
 */
import { serveHtml } from "../_helpers/bare_server.ts";
import { startFixture } from "../_helpers/fresh_fixture.ts";
import { eagerScripts, weigh } from "../_helpers/page_weight.ts";

const DURATION_MS = 3000;
const CONCURRENCY = 16;

async function requestsPerSecond(url: string): Promise<number> {
  const end = performance.now() + DURATION_MS;
  let count = 0;
  const worker = async () => {
    while (performance.now() < end) {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`status ${response.status}`);
      count++;
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return count / ((performance.now() - start) / 1000);
}

function freePort(): number {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const { port } = listener.addr as Deno.NetAddr;
  listener.close();
  return port;
}

async function coldStartMs(): Promise<number> {
  const root = new URL("../../", import.meta.url).pathname;
  const dataDir = await Deno.makeTempDir({ prefix: "bench_cold_" });
  const port = freePort();
  const start = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "main.ts"],
    cwd: root,
    env: { PORT: String(port), DATA_DIR: dataDir },
    stdout: "null",
    stderr: "null",
  }).spawn();
  try {
    while (true) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`);
        await response.arrayBuffer();
        if (response.status === 200) return performance.now() - start;
      } catch {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
  } finally {
    child.kill("SIGTERM");
    await child.status;
    await Deno.remove(dataDir, { recursive: true });
  }
}

const fixture = await startFixture();
try {
  const pageUrl = fixture.base + "/islands";
  const html = await (await fetch(pageUrl)).text();
  const bare = serveHtml(html);
  const bareUrl = bare.url;
  await requestsPerSecond(pageUrl); // warm up
  const baseline = await requestsPerSecond(bareUrl);
  const ssr = await requestsPerSecond(pageUrl);
  await bare.shutdown();

  // Build the real app's assets first so that the cold start finds them.
  await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "dev.ts", "build"],
    cwd: new URL("../../", import.meta.url).pathname,
    stdout: "null",
  }).output();
  const cold = [];
  for (let i = 0; i < 3; i++) cold.push(await coldStartMs());
  cold.sort((a, b) => a - b);

  const onePage = await (await fetch(fixture.base + "/one_island")).text();
  const { raw, gzip: gz } = await weigh(
    await eagerScripts(fixture.base, onePage),
  );
  console.table({
    "SSR, page with 3 islands (req/s)": {
      value: Math.round(ssr),
      baseline: Math.round(baseline),
      ratio: +(ssr / baseline).toFixed(2),
    },
    "cold start to first 200 (ms, median of 3)": {
      value: Math.round(cold[1]),
      baseline: "",
      ratio: "",
    },
    "JS for one island page (gzip bytes)": {
      value: gz,
      baseline: raw,
      ratio: +(gz / raw).toFixed(2),
    },
  });
  console.log(
    "JS baseline column = uncompressed bytes; aim: gzip ≤ 10240 bytes.",
  );
} finally {
  await fixture.close();
}
