/**
 * Runs tasks one after another per key (one writer per conversation), while
 * tasks for different keys run side by side.
 *
 * @module
 */

/** Per-key first-in first-out task queue. */
export class SerialQueue {
  #tails = new Map<string, Promise<unknown>>();

  /** Run `task` after every task queued before it under `key`. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(() => {}, () => {});
    this.#tails.set(key, tail);
    tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Resolves once every task queued so far (under any key) has ended. */
  async idle(): Promise<void> {
    while (this.#tails.size > 0) {
      await Promise.all(this.#tails.values());
    }
  }
}
