/**
 * Entry point: builds the app from `fresh.config.ts` and `routes/`, then
 * serves it (also the Deno Deploy entry). `--build` only builds the client
 * assets; `--dev` serves in development mode with live reload.
 *
 * @module
 */
import { App, csp, staticFiles } from "fresh";
import { Builder } from "fresh/dev";
import freshConfig from "./fresh.config.ts";
import { hasSession } from "./lib/auth.ts";
import { type Config, readConfig } from "./lib/config.ts";
import { createServices, type Services } from "./lib/services.ts";
import type { State } from "./utils.ts";

/** How long open streams may take to send their last line at shutdown. */
const SHUTDOWN_GRACE_MS = 2000;

/**
 * Create the app for a configuration. Tests pass their own config (temp
 * `dataDir`, port 0) and may pass services they created to close them.
 */
export async function createApp(
  config: Config,
  services?: Services,
): Promise<App<State>> {
  const ready = services ?? await createServices(config);
  const app = new App<State>({
    ...freshConfig,
    mode: config.dev ? "development" : "production",
  });
  app.use((ctx) => {
    ctx.state.services = ready;
    return ctx.next();
  });
  // Markdown never loads an image from another server by itself; it shows
  // a link that becomes the image when clicked (a local model server may
  // well be plain http).
  app.use(csp({ csp: ["img-src 'self' data: blob: http: https:"] }));
  app.use(staticFiles());
  app.use(async (ctx) => {
    const password = ready.config.authPassword;
    if (!password || ctx.url.pathname === "/login") return ctx.next();
    if (await hasSession(ctx.req, password)) return ctx.next();
    if (ctx.url.pathname.startsWith("/api/")) {
      return Response.json({ error: "Log in first." }, { status: 401 });
    }
    return ctx.redirect("/login");
  });
  app.fsRoutes();
  await app.ready();
  return app;
}

if (import.meta.main) {
  const dev = Deno.args.includes("--dev");
  if (Deno.args.includes("--build")) {
    await new Builder(freshConfig).build();
    console.log("Built client assets.");
  } else {
    const config = readConfig(Deno.env, dev ? { dev } : {});
    const services = await createServices(config);
    const app = await createApp(config, services);
    const stop = new AbortController();
    let served: Promise<void> = Promise.resolve();
    const shutdown = async () => {
      // Running replies are stored as interrupted first and their streams
      // end with a `done` line; then the server stops, giving open
      // responses a moment to reach the people watching.
      await services.close();
      stop.abort();
      await Promise.race([
        served,
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
    served = app.listen({
      port: config.port,
      hostname: config.hostname,
      signal: stop.signal,
      onListen: ({ hostname, port }) => {
        console.log(`LiveAiChat is ready on http://${hostname}:${port}/`);
      },
    });
    await served;
  }
}
