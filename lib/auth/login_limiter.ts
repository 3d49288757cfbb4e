/**
 * Slows password guessing: after a few wrong passwords from one address,
 * each further try waits twice as long as the last (up to a cap), and
 * when wrong passwords pour in from everywhere at once, logins pause for
 * everyone for a while. A right password clears the address's count.
 *
 * @module
 */

/** Options of {@linkcode LoginLimiter}. */
export interface LoginLimiterOptions {
  /** Wrong passwords from one address before waits begin. Default 5. */
  freeFailures?: number;
  /** First wait, in ms; it doubles with each further failure. Default 1 s. */
  baseDelayMs?: number;
  /** Longest wait for one address, in ms. Default 15 min. */
  maxDelayMs?: number;
  /** Wrong passwords from all addresses in `globalWindowMs` that pause all logins. Default 100. */
  globalMaxFailures?: number;
  /** Window of the global count, in ms. Default 10 min. */
  globalWindowMs?: number;
  /** Clock in ms; tests replace it. */
  now?: () => number;
}

/** A refusal: how long to wait, in seconds, and why, for a person. */
export interface LoginRefusal {
  retryAfterSeconds: number;
  message: string;
}

interface AddressState {
  failures: number;
  blockedUntil: number;
}

/** Remembered addresses at most; the oldest are forgotten first. */
const MAX_ADDRESSES = 10_000;

/** Per-address exponential backoff with a global ceiling. */
export class LoginLimiter {
  #free: number;
  #base: number;
  #max: number;
  #globalMax: number;
  #window: number;
  #now: () => number;
  #addresses = new Map<string, AddressState>();
  #recent: number[] = [];

  constructor(options: LoginLimiterOptions = {}) {
    this.#free = options.freeFailures ?? 5;
    this.#base = options.baseDelayMs ?? 1000;
    this.#max = options.maxDelayMs ?? 15 * 60_000;
    this.#globalMax = options.globalMaxFailures ?? 100;
    this.#window = options.globalWindowMs ?? 10 * 60_000;
    this.#now = options.now ?? Date.now;
  }

  /** Null when `address` may try a password now, else how long to wait. */
  check(address: string): LoginRefusal | null {
    const now = this.#now();
    this.#recent = this.#recent.filter((t) => now - t < this.#window);
    if (this.#recent.length >= this.#globalMax) {
      const wait = this.#recent[0] + this.#window - now;
      return {
        retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
        message:
          `Too many wrong passwords were tried here recently, so logging in is paused. Try again in ${
            minutes(wait)
          }.`,
      };
    }
    const state = this.#addresses.get(address);
    if (state && state.blockedUntil > now) {
      const wait = state.blockedUntil - now;
      return {
        retryAfterSeconds: Math.max(1, Math.ceil(wait / 1000)),
        message: `Too many wrong passwords. Wait ${
          minutes(wait)
        } before trying again.`,
      };
    }
    return null;
  }

  /** Count a wrong password from `address`. */
  fail(address: string): void {
    const now = this.#now();
    this.#recent.push(now);
    const state = this.#addresses.get(address) ??
      { failures: 0, blockedUntil: 0 };
    this.#addresses.delete(address);
    state.failures++;
    const over = state.failures - this.#free;
    if (over >= 0) {
      state.blockedUntil = now +
        Math.min(this.#max, this.#base * 2 ** Math.min(over, 30));
    }
    this.#addresses.set(address, state);
    if (this.#addresses.size > MAX_ADDRESSES) {
      this.#addresses.delete(this.#addresses.keys().next().value!);
    }
  }

  /** A right password: the address starts afresh. */
  succeed(address: string): void {
    this.#addresses.delete(address);
  }
}

function minutes(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1000));
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const m = Math.ceil(seconds / 60);
  return `${m} minute${m === 1 ? "" : "s"}`;
}
