/**
 * Long synchronous work cut into short turns, so that requests and timers
 * run between them: the start-up check stats thousands of files
 * synchronously (much cheaper than async stats), and one that is not
 * cached must not hold the event loop for more than one disk read.
 *
 * @module
 */
import { setImmediate } from "node:timers";

/** How long one turn may run before other work gets its turn. */
export const TURN_MS = 2;

/** Options of {@linkcode inTurns}. */
export interface TurnOptions {
  /** Longest run of steps before yielding (default {@linkcode TURN_MS}). */
  budgetMs?: number;
  /** The clock that measures a turn; tests inject one. */
  clock?: () => number;
  /** Stop before the next step when this says so (a store closing). */
  stopped?: () => boolean;
}

/**
 * Call `step` on each of `items` in order, yielding whenever a turn has
 * run `budgetMs`. The yield is `setImmediate`, not `setTimeout(0)`: a
 * chain of timers is held 4 ms apart, which would cost more than the work.
 */
export async function inTurns<T>(
  items: Iterable<T>,
  step: (item: T) => void,
  options: TurnOptions = {},
): Promise<void> {
  const budget = options.budgetMs ?? TURN_MS;
  const clock = options.clock ?? (() => performance.now());
  const stopped = options.stopped ?? (() => false);
  let until = clock() + budget;
  for (const item of items) {
    if (clock() >= until) {
      await new Promise((resolve) => setImmediate(resolve));
      until = clock() + budget;
    }
    if (stopped()) return;
    step(item);
  }
}
