/**
 * The baseline of page benchmarks: a bare `Deno.serve` answering every
 * request with the same HTML the app produced.
 *
 * @module
 */

/** Serve `html` on 127.0.0.1; returns its URL and a way to stop it. */
export function serveHtml(
  html: string,
): { url: string; shutdown(): Promise<void> } {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () =>
      new Response(html, {
        headers: { "content-type": "text/html; charset=utf-8" },
      }),
  );
  return {
    url: `http://127.0.0.1:${server.addr.port}/`,
    shutdown: () => server.shutdown(),
  };
}
