/**
 * Asking a provider which models it serves (`GET {baseURL}/models`, the
 * same shape for OpenAI-compatible servers and Anthropic), cached so that
 * the model picker and every send do not each cost a round trip.
 *
 * @module
 */

/** Options of {@linkcode CachedModelList}. */
export interface ModelListOptions {
  /** Full URL of the listing endpoint. */
  url: string;
  /** Headers with the credentials the provider expects. */
  headers: Record<string, string>;
  /** Fetch used for the request (tests pass their own). */
  fetch?: typeof fetch;
  /** How long a successful answer is reused, in milliseconds. */
  ttlMs?: number;
  /** How long a failure is remembered before asking again, in milliseconds. */
  failureTtlMs?: number;
  /** Longest wait for the listing, in milliseconds. */
  timeoutMs?: number;
}

/** The ids a provider serves, or `undefined` when it could not be asked. */
export type ModelIds = readonly string[] | undefined;

/** A provider's model list, fetched on demand and cached. */
export class CachedModelList {
  #options: Required<Omit<ModelListOptions, "fetch">> & {
    fetch: typeof fetch;
  };
  #value: ModelIds;
  #expires = 0;
  #pending: Promise<ModelIds> | undefined;

  /** Create a list for one provider endpoint; nothing is fetched yet. */
  constructor(options: ModelListOptions) {
    this.#options = {
      url: options.url,
      headers: options.headers,
      ttlMs: options.ttlMs ?? 5 * 60_000,
      failureTtlMs: options.failureTtlMs ?? 30_000,
      timeoutMs: options.timeoutMs ?? 5_000,
      fetch: options.fetch ?? globalThis.fetch,
    };
  }

  /** Model ids, sorted; `undefined` when the provider could not be reached. */
  get(): Promise<ModelIds> {
    if (Date.now() < this.#expires) return Promise.resolve(this.#value);
    this.#pending ??= this.#load().finally(() => this.#pending = undefined);
    return this.#pending;
  }

  async #load(): Promise<ModelIds> {
    const { url, headers, timeoutMs, ttlMs, failureTtlMs } = this.#options;
    try {
      const response = await this.#options.fetch(url, {
        headers,
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        throw new Error(`HTTP ${response.status}`);
      }
      const body = await response.json();
      const data: unknown[] = Array.isArray(body?.data) ? body.data : [];
      const ids = data
        .map((entry) => (entry as { id?: unknown })?.id)
        .filter((id): id is string => typeof id === "string" && id !== "");
      this.#value = [...new Set(ids)].sort();
      this.#expires = Date.now() + ttlMs;
    } catch {
      // Keep a previous good answer through a short outage.
      this.#expires = Date.now() + failureTtlMs;
    }
    return this.#value;
  }
}
