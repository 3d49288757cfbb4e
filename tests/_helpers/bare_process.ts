/**
 * The baseline of start-up and memory benchmarks: a bare `Deno.serve` in a
 * process of its own, answering every request with a small page. Run it
 * like the app (`deno run -A bare_process.ts` with `PORT`); it prints the
 * same "ready on …" line.
 *
 * @module
 */
const server = Deno.serve({
  port: Number(Deno.env.get("PORT") ?? 0),
  hostname: "127.0.0.1",
  onListen: ({ port }) => console.log(`ready on http://127.0.0.1:${port}/`),
}, () =>
  new Response("<!doctype html><title>bare</title><p>ok</p>", {
    headers: { "content-type": "text/html; charset=utf-8" },
  }));
await server.finished;
