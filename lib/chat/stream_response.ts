/**
 * The HTTP face of a reply: an NDJSON response that replays the reply's
 * events after a given `seq` and then follows it live. Closing the
 * response (the client left) does not touch the reply.
 *
 * @module
 */
import { NDJSON } from "./events.ts";
import type { FollowableRun } from "./bus/mod.ts";

/** Headers every reply stream carries: no caching, no proxy buffering. */
export const STREAM_HEADERS: Readonly<Record<string, string>> = {
  "content-type": `${NDJSON}; charset=utf-8`,
  "cache-control": "no-cache, no-transform",
  "x-accel-buffering": "no",
};

/**
 * Parse the `after` query value: a whole number ≥ -1, or -1 (everything)
 * when absent. Anything else is `undefined` (a 400 for the route).
 */
export function parseAfter(raw: string | null): number | undefined {
  if (raw === null || raw.trim() === "") return -1;
  if (!/^-?\d{1,15}$/.test(raw.trim())) return undefined;
  const after = Number(raw);
  return after >= -1 ? after : undefined;
}

/** Stream `run`'s events with `seq > after` (all of them by default). */
export function streamResponse(run: FollowableRun, after = -1): Response {
  return new Response(run.subscribe(after), {
    headers: {
      ...STREAM_HEADERS,
      "x-message-id": run.messageId,
    },
  });
}
