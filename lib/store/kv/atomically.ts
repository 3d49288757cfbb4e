/**
 * Commit an atomic operation, waiting out SQLite's "database is locked":
 * two processes sharing one local KV file take turns writing, and the
 * loser of a turn gets that error instead of waiting (Deploy and KV
 * Connect never raise it).
 *
 * @module
 */

/** Longest total wait for the file to be free, in milliseconds. */
const LOCKED_BUDGET_MS = 5_000;

/** Whether an error is SQLite's busy/locked refusal. */
export function isLocked(error: unknown): boolean {
  return error instanceof Error &&
    /database is locked|busy/i.test(error.message);
}

/**
 * Build and commit an atomic operation; a locked file is retried with a
 * fresh operation after a short random pause.
 */
export async function atomically(
  kv: Deno.Kv,
  build: (op: Deno.AtomicOperation) => void,
): Promise<Deno.KvCommitResult | Deno.KvCommitError> {
  const started = Date.now();
  for (;;) {
    const op = kv.atomic();
    build(op);
    try {
      return await op.commit();
    } catch (error) {
      if (!isLocked(error) || Date.now() - started > LOCKED_BUDGET_MS) {
        throw error;
      }
      await new Promise((resolve) =>
        setTimeout(resolve, 2 + Math.random() * 10)
      );
    }
  }
}
