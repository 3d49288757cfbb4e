/**
 * The trash as people see it: deleted conversations wait there for
 * `TRASH_DAYS` (30 by default; 0 keeps them until emptied by hand), then a
 * sweep removes them for good. The sweep runs at start-up, every hour, and
 * before the trash is listed, so the list never shows an expired one.
 *
 * @module
 */
import type { ChatStore } from "../store/mod.ts";
import type { TrashListing } from "../api/records.ts";

export type { TrashListing };

/** Options of the trash functions: the retention and a clock. */
export interface TrashOptions {
  /** Days a deleted conversation is kept; 0 keeps it until emptied. */
  days: number;
  /** Clock, replaceable in tests. */
  now?: () => Date;
}

const DAY_MS = 86_400_000;

/** Remove conversations deleted more than `days` ago; returns how many. */
export async function sweepTrash(
  store: ChatStore,
  options: TrashOptions,
): Promise<number> {
  if (!(options.days > 0)) return 0;
  const now = (options.now ?? (() => new Date()))().getTime();
  const before = new Date(now - options.days * DAY_MS).toISOString();
  return await store.emptyTrash({ before });
}

/** The trash, after removing what has expired. */
export async function listTrash(
  store: ChatStore,
  options: TrashOptions,
): Promise<TrashListing> {
  await sweepTrash(store, options);
  return {
    conversations: await store.listTrash(),
    trashDays: options.days,
  };
}

/**
 * Sweep now and then every `intervalMs` (an hour) until `stop()`; the
 * timer does not keep the process alive, and a failed sweep is logged.
 */
export function startTrashSweeper(
  store: ChatStore,
  options: TrashOptions & {
    intervalMs?: number;
    log?: (message: string, error: unknown) => void;
  },
): { stop(): Promise<void> } {
  const log = options.log ?? ((m, e) => console.error(m, e));
  let running: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    running = running.then(() => sweepTrash(store, options)).catch((error) =>
      log("[trash] could not remove expired conversations:", error)
    );
  };
  sweep();
  const timer = setInterval(sweep, options.intervalMs ?? 3_600_000);
  Deno.unrefTimer(timer);
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
