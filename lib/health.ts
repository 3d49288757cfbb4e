/**
 * Answers for load balancers and orchestrators: `/healthz` says the
 * process serves requests, `/readyz` that it can reach its store too (a
 * KV database across the network may not be), within a short time.
 *
 * @module
 */
import type { ChatStore } from "./store/mod.ts";

/** Longest wait for the store before `/readyz` answers 503. */
export const READY_TIMEOUT_MS = 2_000;

/** Paths that answer without login (balancers carry no cookie). */
export const HEALTH_PATHS: ReadonlySet<string> = new Set([
  "/healthz",
  "/readyz",
]);

/** JSON of a health answer, with the status code to send. */
export interface HealthAnswer {
  status: 200 | 503;
  body: Record<string, unknown>;
}

/** `/healthz`: the process is alive and serving. */
export function liveness(
  options: { store: string; running: number },
): HealthAnswer {
  return {
    status: 200,
    body: {
      status: "ok",
      store: options.store,
      runningReplies: options.running,
    },
  };
}

/**
 * `/readyz`: one cheap read of the store (a page of one conversation);
 * 503 with the reason when it fails or takes longer than `timeoutMs`.
 */
export async function readiness(
  store: ChatStore,
  options: { store: string; timeoutMs?: number },
): Promise<HealthAnswer> {
  const timeoutMs = options.timeoutMs ?? READY_TIMEOUT_MS;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const started = performance.now();
  try {
    await Promise.race([
      store.listConversations({ limit: 1 }),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    return {
      status: 200,
      body: {
        status: "ready",
        store: options.store,
        storeMs: Math.round(performance.now() - started),
      },
    };
  } catch (error) {
    return {
      status: 503,
      body: {
        status: "unavailable",
        store: options.store,
        error: `The store cannot be reached: ${(error as Error).message}`,
      },
    };
  } finally {
    clearTimeout(timer);
  }
}
