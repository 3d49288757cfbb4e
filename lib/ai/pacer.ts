/**
 * Shared timers for paced replies. A thousand demo replies paced at 20 ms
 * would otherwise arm 50,000 timers a second; sleepers due in the same
 * millisecond share one timer here, so the pacing costs next to nothing
 * next to the streaming it simulates.
 *
 * @module
 */

const buckets = new Map<
  number,
  { sleepers: Set<() => void>; timer: ReturnType<typeof setTimeout> }
>();

function fire(due: number): void {
  const bucket = buckets.get(due);
  buckets.delete(due);
  if (bucket) { for (const wake of bucket.sleepers) wake(); }
}

/** A pending wake-up; `cancel` resolves it at once. */
export interface Sleep {
  done: Promise<void>;
  cancel(): void;
}

/**
 * Sleep until `due` (a `performance.now()` time, rounded up to the
 * millisecond). Resolves at once when `due` has passed.
 */
export function sleepUntil(due: number): Sleep {
  const at = Math.ceil(due);
  const wait = at - performance.now();
  if (wait <= 0) return { done: Promise.resolve(), cancel() {} };
  let wake!: () => void;
  const done = new Promise<void>((resolve) => wake = resolve);
  let bucket = buckets.get(at);
  if (!bucket) {
    bucket = { sleepers: new Set(), timer: setTimeout(() => fire(at), wait) };
    buckets.set(at, bucket);
  }
  bucket.sleepers.add(wake);
  return {
    done,
    cancel() {
      const current = buckets.get(at);
      if (current?.sleepers.delete(wake) && current.sleepers.size === 0) {
        clearTimeout(current.timer);
        buckets.delete(at);
      }
      wake();
    },
  };
}
