/**
 * Development-mode live reload: the page keeps an EventSource open to the
 * server; when `deno task dev` restarts the server after a change, the
 * reconnected stream carries a new start id and the page reloads.
 *
 * @module
 */

/** The endpoint the page listens to. */
export const LIVE_RELOAD_PATH = "/_frsh/alive";

/** An event stream that says which server process is running. */
export function liveReloadResponse(startId: string): Response {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(
        new TextEncoder().encode(`retry: 500\ndata: ${startId}\n\n`),
      );
    },
  });
  return new Response(body, {
    headers: {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
    },
  });
}

/** The inline script that reloads the page when the server changed. */
export function liveReloadScript(nonce: string): string {
  return `<script type="module" nonce="${nonce}">` +
    `let first;new EventSource(${JSON.stringify(LIVE_RELOAD_PATH)})` +
    `.onmessage=(e)=>{first??=e.data;if(e.data!==first)location.reload()};` +
    `</script>`;
}
