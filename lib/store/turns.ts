/**
 * Long synchronous work cut into short turns, so that requests and timers
 * run between them: the start-up check stats thousands of files
 * synchronously (much cheaper than async stats), and a turn must not hold
 * the event loop for longer than its budget and one more step (one disk
 * read, when a file's inode is not cached).
 *
 * @module
 */

/**
 * How long one turn may run before other work gets its turn: about what
 * a yield costs (a chain of timers is held 4 ms apart), so the work takes
 * at most about twice its CPU time in wall time.
 */
export const TURN_MS = 4;

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
 * run `budgetMs`. The yield is a timer: `setImmediate` is cheaper, but in
 * Deno it lets almost no new connection or request in between.
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
      await new Promise((resolve) => setTimeout(resolve, 0));
      until = clock() + budget;
    }
    if (stopped()) return;
    step(item);
  }
}
