/**
 * Saves a streaming reply's text at most once per interval, so a crash
 * loses at most that much of it, while a fast model producing thousands of
 * deltas a second still costs only a couple of writes a second.
 *
 * @module
 */

/** Options of {@linkcode Checkpointer}. */
export interface CheckpointerOptions {
  /** Reads the text to save (the reply so far). */
  read: () => string;
  /** Writes it; failures are reported to `onError` and retried next time. */
  save: (content: string) => Promise<void>;
  /**
   * Shortest time between two saves, in milliseconds; a function is asked
   * before each save (the service stretches it when many replies run).
   */
  intervalMs?: number | (() => number);
  /** Told about a failed save; the reply goes on. */
  onError?: (error: unknown) => void;
}

/** Rate-limited saving of a growing text. */
export class Checkpointer {
  #options: Required<Omit<CheckpointerOptions, "intervalMs">>;
  #interval: () => number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #saving: Promise<void> | undefined;
  /** The first save also waits a full interval: a short reply needs none. */
  #lastAt = Date.now();
  #saved = "";
  #closed = false;

  /** Nothing is saved until {@linkcode Checkpointer.touch} is called. */
  constructor(options: CheckpointerOptions) {
    this.#options = {
      onError: (error) => console.warn("Checkpoint failed:", error),
      ...options,
    };
    const interval = options.intervalMs ?? 500;
    this.#interval = typeof interval === "number" ? () => interval : interval;
  }

  /** The text changed: save it when the interval allows. */
  touch(): void {
    if (this.#closed || this.#timer !== undefined || this.#saving) return;
    const wait = Math.max(
      0,
      this.#lastAt + this.#interval() - Date.now(),
    );
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#save();
    }, wait);
  }

  #save(): void {
    const content = this.#options.read();
    if (this.#closed || content === this.#saved) return;
    this.#lastAt = Date.now();
    this.#saving = this.#options.save(content)
      .then(() => {
        this.#saved = content;
      })
      .catch(this.#options.onError)
      .finally(() => {
        this.#saving = undefined;
        if (this.#options.read() !== this.#saved) this.touch();
      });
  }

  /** Stop saving; resolves once a save in progress has finished. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#saving;
  }
}
