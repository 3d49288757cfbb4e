/**
 * A cheap pause until the other callbacks queued now have run, used to let
 * a fast producer add more events before a subscription writes them as
 * one chunk. `setTimeout(fn, 0)` costs 1–2 ms in Deno; `setImmediate`
 * tens of microseconds. (It does not give the HTTP server a turn to write:
 * only a timer does, which is why producers yield with `setTimeout`.)
 *
 * @module
 */
import { setImmediate } from "node:timers";

let turn: Promise<void> | undefined;

/**
 * Resolves on the next turn of the event loop. Everyone waiting in the same
 * turn shares one callback, however many streams are open.
 */
export function nextTurn(): Promise<void> {
  turn ??= new Promise((resolve) =>
    setImmediate(() => {
      turn = undefined;
      resolve();
    })
  );
  return turn;
}
