/**
 * The two `ChatStore` backends behind one test helper, so the contract
 * suite runs the same assertions on CSV files and on a Deno KV file.
 *
 * @module
 */
import { type ChatStore, openCsvStore } from "../../lib/store/mod.ts";
import { openKvStore } from "../../lib/store/kv/mod.ts";

/** Options a backend is opened with (test clocks and ids). */
export interface OpenOptions {
  now?: () => Date;
  newId?: () => string;
}

/** A store of one backend on a fresh temp folder. */
export interface BackendStore {
  store: ChatStore;
  dir: string;
  /** Close and open again on the same folder / KV file. */
  reopen(): Promise<ChatStore>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** A backend the contract suite runs on. */
export interface Backend {
  name: "csv" | "kv";
  open(options?: OpenOptions): Promise<BackendStore>;
}

function backend(
  name: Backend["name"],
  open: (dir: string, options: OpenOptions) => Promise<ChatStore>,
): Backend {
  return {
    name,
    async open(options = {}) {
      const dir = await Deno.makeTempDir({ prefix: `store_${name}_` });
      const temp: BackendStore = {
        store: await open(dir, options),
        dir,
        async reopen() {
          await temp.store.close();
          temp.store = await open(dir, options);
          return temp.store;
        },
        async [Symbol.asyncDispose]() {
          await temp.store.close();
          await Deno.remove(dir, { recursive: true });
        },
      };
      return temp;
    },
  };
}

/** Every backend: CSV files and a local Deno KV file. */
export const BACKENDS: readonly Backend[] = [
  backend(
    "csv",
    (dir, options) => openCsvStore({ dataDir: dir, log: () => {}, ...options }),
  ),
  backend(
    "kv",
    (dir, options) => openKvStore({ path: `${dir}/chat.kv`, ...options }),
  ),
];

/** A clock that moves one second per call, from a fixed start. */
export function steppingClock(start = "2025-01-01T00:00:00Z"): () => Date {
  let clock = Date.parse(start);
  return () => new Date(clock += 1000);
}

/** Ids 0197…0001, 0197…0002, …: the same sequence for every backend. */
export function countingIds(): () => string {
  let n = 0;
  return () =>
    `01970000-0000-7000-8000-${(++n).toString(16).padStart(12, "0")}`;
}
