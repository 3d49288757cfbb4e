/**
 * Serving a build the way `deno task start` does: on the configured port
 * and interface, with one "ready" line saying where, and a graceful
 * shutdown on SIGINT/SIGTERM (running replies are stored as interrupted,
 * then the server stops, giving open streams a moment to end).
 *
 * @module
 */
import type { Config } from "./config.ts";
import { serveGuarded } from "./security/mod.ts";
import type { Services } from "./services.ts";

/** How long open streams may take to send their last line at shutdown. */
export const SHUTDOWN_GRACE_MS = 2000;

/** What a build's `server.js` exports, as `deno serve` expects it. */
export interface ServerModule {
  default: {
    fetch: (req: Request, info: Deno.ServeHandlerInfo) => Promise<Response>;
  };
}

/** Options of {@linkcode serveBuild}. */
export interface ServeBuildOptions {
  config: Config;
  /** Opens (once) the services the app uses; closed at shutdown. */
  services: () => Promise<Services>;
  /** URL of the build's `server.js`. */
  build: URL;
}

/** Serve the build until SIGINT or SIGTERM; then shut down and exit. */
export async function serveBuild(options: ServeBuildOptions): Promise<void> {
  let server: ServerModule;
  try {
    server = await import(options.build.href);
  } catch (error) {
    if (error instanceof TypeError && /not found/i.test(error.message)) {
      throw new Error(
        "No build found: run `deno task build` first, then `deno task start`.",
        { cause: error },
      );
    }
    throw error;
  }
  // Open the data folder before saying "ready": a bad DATA_DIR fails here.
  const services = await options.services();
  const stop = new AbortController();
  // Behind the connection guard: slow, idle and non-reading connections
  // are closed after the configured bounds.
  const { config } = options;
  const http = serveGuarded(server.default.fetch, {
    hostname: config.hostname,
    port: config.port,
    signal: stop.signal,
    limits: {
      headersTimeoutMs: config.headersTimeoutMs,
      idleTimeoutMs: config.idleTimeoutMs,
      writeStallMs: config.writeStallMs,
    },
  });
  console.log(
    `LiveAiChat is ready on http://${config.hostname}:${http.addr.port}/`,
  );
  const shutdown = async () => {
    await services.close();
    stop.abort();
    await Promise.race([
      http.finished,
      new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS)),
    ]);
    Deno.exit(0);
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    try {
      Deno.addSignalListener(signal, shutdown);
    } catch {
      // Not every platform offers every signal (Windows has no SIGTERM).
    }
  }
  await http.finished;
}
