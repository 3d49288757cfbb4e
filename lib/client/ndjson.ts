/**
 * Reads a streamed NDJSON response line by line, as the reply streams of
 * the API send them. Lines may arrive split across chunks, or many in one
 * chunk (the server coalesces pending events); each complete line becomes
 * one parsed object, in order.
 *
 * @module
 */

/** Call `onEvent` for each JSON line of the body; resolves at its end. */
export async function readNdjson<T>(
  response: Response,
  onEvent: (event: T) => void,
): Promise<void> {
  if (!response.body) return;
  const reader = response.body.pipeThrough(new TextDecoderStream())
    .getReader();
  let buffer = "";
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let end = buffer.indexOf("\n");
      while (end !== -1) {
        const line = buffer.slice(0, end).trim();
        buffer = buffer.slice(end + 1);
        if (line) onEvent(JSON.parse(line) as T);
        end = buffer.indexOf("\n");
      }
    }
    const last = buffer.trim();
    if (last) onEvent(JSON.parse(last) as T);
  } finally {
    reader.releaseLock();
  }
}

/**
 * Runs `flush` at most once per animation frame however often `schedule`
 * is called: many deltas in one frame become one render. `frame` replaces
 * `requestAnimationFrame` (tests run outside a browser).
 */
export function frameBatcher(
  flush: () => void,
  frame?: (callback: () => void) => unknown,
): {
  schedule(): void;
  flushNow(): void;
} {
  let pending = false;
  const raf: (cb: () => void) => unknown = frame ??
    (typeof requestAnimationFrame === "function"
      ? requestAnimationFrame
      : (cb) => setTimeout(cb, 16));
  const run = () => {
    if (!pending) return;
    pending = false;
    flush();
  };
  return {
    schedule() {
      if (pending) return;
      pending = true;
      raf(run);
    },
    flushNow() {
      pending = true;
      run();
    },
  };
}
