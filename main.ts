/**
 * The app: `export const app`, made of the middleware below and the file
 * routes of `routes/`, as in a Fresh 2 project. The build (`deno task
 * build`) writes `_fresh/server.js`, which applies itself to this `app`;
 * `deno task start` runs this file, which serves that build with the port,
 * ready line and graceful shutdown of `lib/serve.ts`.
 *
 * @module
 */
import { App, staticFiles } from "fresh";
import { requireLogin } from "./lib/auth/mod.ts";
import { compression } from "./lib/compression/mod.ts";
import { readConfig } from "./lib/config.ts";
import { contentSecurityPolicy } from "./lib/content_security_policy.ts";
import { HEALTH_PATHS } from "./lib/health.ts";
import {
  allowedHosts,
  defaultAllowedHosts,
  limitHeaders,
  sameOriginWrites,
  withHeadersOnEveryResponse,
} from "./lib/security/mod.ts";
import { serveBuild } from "./lib/serve.ts";
import { requestLog } from "./lib/telemetry/request_log.ts";
import { createServices, type Services } from "./lib/services.ts";
import { appConfig } from "./fresh.config.ts";
import type { State } from "./utils.ts";

/** Where a request's services come from: open ones, or a lazy opener. */
export type ServicesSource = Services | (() => Promise<Services>);

/** Paths open without a login: the login page and health checks. */
const isPublic = (path: string) => path === "/login" || HEALTH_PATHS.has(path);

/**
 * Make the app around services. Tests pass their own (temp `dataDir`) and
 * apply the build to the result, as `_fresh/server.js` does for `app`.
 */
export function createApp(source: ServicesSource): App<State> {
  const services = typeof source === "function"
    ? source
    : () => Promise.resolve(source);
  let opened: Promise<Services> | null = null;
  // nosniff, Referrer-Policy and a CSP also on error pages, which Fresh
  // renders outside the middleware.
  return withHeadersOnEveryResponse(new App<State>(appConfig))
    .use(async (ctx) => {
      ctx.state.services = await (opened ??= services());
      return ctx.next();
    })
    // One JSON line per request with LOG_FORMAT=json.
    .use(requestLog())
    .use(limitHeaders())
    // A name that is not ours (DNS rebinding) gets nothing at all; a
    // balancer's health check may use any name.
    .use(
      allowedHosts((ctx) =>
        HEALTH_PATHS.has(ctx.url.pathname)
          ? null
          : defaultAllowedHosts(ctx.state.services.config)
      ),
    )
    // Pages, scripts, styles and JSON leave compressed; reply streams not.
    .use(compression())
    .use(contentSecurityPolicy())
    // Writes only from this app's own pages (or programs, which send no
    // Origin): no other site, and no other port of this host.
    .use(sameOriginWrites((ctx) => ctx.state.services.config.trustProxy))
    .use(staticFiles())
    .use(requireLogin<State>({
      authOf: (ctx) => ctx.state.services.auth,
      isPublic,
    }))
    .fsRoutes();
}

let opened: Promise<Services> | null = null;

/**
 * The services of the app `deno task start` serves: configured from the
 * environment, opened on first use (importing this module touches nothing).
 */
export function appServices(): Promise<Services> {
  opened ??= createServices(readConfig(Deno.env));
  return opened;
}

/** The app, as `_fresh/server.js` and `dev.ts` import it. */
export const app: App<State> = createApp(appServices);

/**
 * `deno task start`: serve the build (the task makes one first when there
 * is none; this process has no permission to build).
 */
async function start(): Promise<void> {
  const build = new URL("./_fresh/server.js", import.meta.url);
  await serveBuild({
    config: readConfig(Deno.env),
    services: appServices,
    build,
  });
}

if (import.meta.main) {
  // Not awaited: `_fresh/server.js` imports this module, which must finish
  // loading before that import can.
  start().catch((error) => {
    console.error(error);
    Deno.exit(1);
  });
}
