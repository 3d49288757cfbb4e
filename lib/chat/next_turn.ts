/**
 * A cheap way to let the event loop run (network I/O, other streams)
 * before continuing. `setTimeout(fn, 0)` costs about 2 ms in Deno, which
 * would dominate a reply streaming thousands of tokens a second;
 * `setImmediate` costs tens of microseconds.
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
