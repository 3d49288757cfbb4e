/**
 * Open the store the configuration names, so the rest of the server only
 * ever sees a `ChatStore`: CSV files in `DATA_DIR`, or Deno KV (a local
 * file, a KV Connect URL, or Deno Deploy's own database).
 *
 * @module
 */
import { openCsvStore } from "./csv_store.ts";
import type { ChatStore } from "./types.ts";

/** What choosing a store depends on (a subset of the server's `Config`). */
export interface StoreChoice {
  store: "csv" | "kv";
  dataDir: string;
  kvPath?: string;
  onDeploy: boolean;
}

/** File name of the local KV database inside `DATA_DIR`. */
export const LOCAL_KV_FILE = "liveaichat.kv";

/** Where `STORE=kv` opens its database; undefined means Deploy's own. */
export async function kvLocation(
  choice: StoreChoice,
): Promise<string | undefined> {
  if (choice.kvPath) return choice.kvPath;
  if (choice.onDeploy) return undefined;
  await Deno.mkdir(choice.dataDir, { recursive: true });
  return `${choice.dataDir}/${LOCAL_KV_FILE}`;
}

/** Open the configured store. */
export async function openStore(choice: StoreChoice): Promise<ChatStore> {
  if (choice.store === "kv") {
    // Loaded only for this backend: a CSV server does not load it.
    const { openKvStore } = await import("./kv/mod.ts");
    return await openKvStore({ path: await kvLocation(choice) });
  }
  return await openCsvStore({ dataDir: choice.dataDir });
}

/**
 * The KV database behind a store, when it is the KV backend. `Deno.Kv` is
 * looked at only when the store has a `kv`: reading it loads Deno's KV
 * module (about 8 ms of CPU), which a CSV server never needs.
 */
export function kvOf(store: ChatStore): Deno.Kv | undefined {
  const kv = (store as { kv?: unknown }).kv;
  if (kv === undefined || kv === null) return undefined;
  return typeof Deno.Kv === "function" && kv instanceof Deno.Kv
    ? kv
    : undefined;
}
