/**
 * Checkpoints of a streaming reply come faster than a store may write
 * them; only the newest text matters. A `Coalescer` keeps one pending
 * write per key: a value submitted before that write starts replaces the
 * one waiting, and every caller resolves with the write that carried it.
 *
 * @module
 */

/** One pending write per key, carrying the newest value. */
export class Coalescer<T> {
  #pending = new Map<string, { value: T; done: Promise<void> }>();

  /**
   * Submit `value` for `key`. When nothing waits for that key, `schedule`
   * is called once with `take`, which the write calls when it starts to get
   * the newest value (and stop accepting newer ones).
   */
  submit(
    key: string,
    value: T,
    schedule: (take: () => T) => Promise<void>,
  ): Promise<void> {
    // Nothing is awaited before the entry is registered, so submissions
    // keep their order and the newest value always wins.
    const pending = this.#pending.get(key);
    if (pending) {
      pending.value = value;
      return pending.done;
    }
    const entry = { value, done: Promise.resolve() };
    this.#pending.set(key, entry);
    entry.done = schedule(() => {
      if (this.#pending.get(key) === entry) this.#pending.delete(key);
      return entry.value;
    });
    return entry.done;
  }
}
