/**
 * The `fetch` handed to every remote provider. It adds what a chat needs
 * and plain `fetch` lacks:
 *
 * - a connect timeout (no response headers in time) and an idle timeout
 *   (no bytes between chunks), so a stalled provider ends the reply with a
 *   clear message instead of a spinner that never stops;
 * - an abort that really reaches the provider. In Deno 2.9, aborting a
 *   fetch whose `Response` object was already garbage-collected does not
 *   cancel the body, and the SDK keeps only `response.body`. The wrapper
 *   holds the `Response` until its body ends and, on abort, cancels the
 *   body reader itself, which closes the connection.
 *
 * @module
 */
import { ProviderTimeoutError } from "./provider_error.ts";

/** Options of {@linkcode createGuardedFetch}. */
export interface GuardedFetchOptions {
  /** Longest wait for response headers, in milliseconds. */
  connectTimeoutMs?: number;
  /** Longest silence between two body chunks, in milliseconds. */
  idleTimeoutMs?: number;
  /** The fetch to wrap (tests); defaults to the global one. */
  fetch?: typeof fetch;
}

/** Default connect timeout: long enough for a cold local model to load. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 30_000;
/** Default idle timeout between chunks of a streamed reply. */
export const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

/** Wrap `fetch` with timeouts and an abort that closes the connection. */
export function createGuardedFetch(
  options: GuardedFetchOptions = {},
): typeof fetch {
  const connectMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS;
  const base = options.fetch ?? globalThis.fetch;

  return async function guardedFetch(input, init = {}) {
    const outer = init.signal ?? undefined;
    const local = new AbortController();
    const forward = () => local.abort(outer?.reason);
    if (outer?.aborted) forward();
    outer?.addEventListener("abort", forward, { once: true });
    const connectTimer = setTimeout(
      () => local.abort(new ProviderTimeoutError("connect", connectMs)),
      connectMs,
    );
    let response: Response;
    try {
      response = await base(input, { ...init, signal: local.signal });
    } catch (error) {
      outer?.removeEventListener("abort", forward);
      throw local.signal.reason instanceof ProviderTimeoutError
        ? local.signal.reason
        : error;
    } finally {
      clearTimeout(connectTimer);
    }
    if (!response.body) {
      outer?.removeEventListener("abort", forward);
      return response;
    }
    return new Response(guardBody(response, local, idleMs, forward, outer), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
}

/** Responses whose bodies are still being read; holding them defeats the GC bug. */
const inFlight = new Set<Response>();

function guardBody(
  response: Response,
  local: AbortController,
  idleMs: number,
  forward: () => void,
  outer: AbortSignal | undefined,
): ReadableStream<Uint8Array> {
  inFlight.add(response);
  const reader = response.body!.getReader();
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let finished = false;

  const finish = () => {
    finished = true;
    inFlight.delete(response);
    clearTimeout(idleTimer);
    outer?.removeEventListener("abort", forward);
    local.signal.removeEventListener("abort", onAbort);
  };
  let fail: (reason: unknown) => void = () => {};
  const onAbort = () => {
    const reason = local.signal.reason;
    reader.cancel(reason).catch(() => {});
    fail(reason);
  };
  local.signal.addEventListener("abort", onAbort, { once: true });

  return new ReadableStream<Uint8Array>({
    start(controller) {
      fail = (reason) => {
        if (finished) return;
        finish();
        try {
          controller.error(reason);
        } catch { /* already errored */ }
      };
    },
    async pull(controller) {
      idleTimer = setTimeout(
        () => local.abort(new ProviderTimeoutError("idle", idleMs)),
        idleMs,
      );
      try {
        const { done, value } = await reader.read();
        clearTimeout(idleTimer);
        if (finished) return;
        if (done) {
          finish();
          controller.close();
        } else {
          controller.enqueue(value);
        }
      } catch (error) {
        clearTimeout(idleTimer);
        fail(local.signal.aborted ? local.signal.reason : error);
      }
    },
    cancel(reason) {
      finish();
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
}
