/**
 * Starts the real app on 127.0.0.1 with a free port and a temp DATA_DIR,
 * for integration and browser tests.
 *
 * @module
 */
import { applyBuild } from "./app_build.ts";
import { createApp } from "../../main.ts";
import { type Config, readConfig } from "../../lib/config.ts";
import { type ConnectionGuard, serveGuarded } from "../../lib/security/mod.ts";
import { testStore } from "./test_store.ts";
import { createServices, type Services } from "../../lib/services.ts";

/** A running app. */
export interface AppServer {
  base: string;
  dataDir: string;
  services: Services;
  /** The connection guard, when started with `guarded`. */
  guard?: ConnectionGuard;
  close(): Promise<void>;
}

/** Options of {@linkcode startApp} that are not configuration. */
export interface StartOptions {
  /** Called with every request and the response it got (for counting). */
  observe?: (req: Request, response: Response) => void;
  /** Serve behind the connection guard with the config's limits. */
  guarded?: boolean;
}

/** Start the app; `overrides` change the configuration. */
export async function startApp(
  overrides: Partial<Config> = {},
  options: StartOptions = {},
): Promise<AppServer> {
  const dataDir = overrides.dataDir ??
    await Deno.makeTempDir({ prefix: "liveaichat_test_" });
  const config = readConfig(new Map<string, string>(), {
    port: 0,
    demoTokenDelayMs: 0,
    store: testStore(),
    ...overrides,
    dataDir,
  });
  const services = await createServices(config);
  const app = await applyBuild(createApp(services));
  const handler = app.handler();
  const served = options.observe
    ? async (req: Request, info: Deno.ServeHandlerInfo) => {
      const response = await handler(req, info);
      options.observe!(req, response);
      return response;
    }
    : handler;
  if (options.guarded) {
    const stop = new AbortController();
    const guarded = serveGuarded(served, {
      hostname: "127.0.0.1",
      port: 0,
      signal: stop.signal,
      limits: config,
    });
    return {
      base: `http://127.0.0.1:${guarded.addr.port}`,
      dataDir,
      services,
      guard: guarded.guard,
      async close() {
        stop.abort();
        guarded.guard.close();
        await guarded.finished;
        await services.close();
        if (!overrides.dataDir) await Deno.remove(dataDir, { recursive: true });
      },
    };
  }
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    served,
  );
  return {
    base: `http://127.0.0.1:${server.addr.port}`,
    dataDir,
    services,
    async close() {
      await server.shutdown();
      await services.close();
      if (!overrides.dataDir) await Deno.remove(dataDir, { recursive: true });
    },
  };
}
