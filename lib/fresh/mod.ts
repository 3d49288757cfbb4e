/**
 * The Fresh-2-compatible layer: the names and semantics of `jsr:@fresh/core`
 * that this app uses, built on Preact, preact-render-to-string and esbuild.
 * App code imports it as `"fresh"`; pointing that import at the real
 * package is the whole migration.
 *
 * Known differences from Fresh 2: the build's snapshot lists islands and
 * bundles, but route files are read from `routes/` when the first request
 * arrives (Fresh imports them from the snapshot); `Builder.build({ snapshot:
 * "memory" })` reuses `_fresh/` when it matches the sources; an island's server-rendered `children`
 * arrive wrapped in a `<frsh-slot>` element (styled `display: contents`);
 * islands nested inside another island's `children` are not revived; Partials
 * and `<Head>` are not provided.
 *
 * @module
 */
export { App, type ListenOptions } from "./app.ts";
export type { FreshConfig, ResolvedFreshConfig } from "./config.ts";
export { Context, type FreshContext } from "./context.ts";
export { createDefine, type Define, page } from "./define.ts";
export { HttpError } from "./http_error.ts";
export { staticFiles } from "./static_files.ts";
export { csp, type CSPOptions } from "./csp.ts";
export { csrf, type CsrfOptions } from "./csrf.ts";
export type {
  HandlerByMethod,
  HandlerFn,
  Island,
  LayoutConfig,
  Lazy,
  MaybeLazy,
  Method,
  Middleware,
  MiddlewareFn,
  PageProps,
  PageResponse,
  RouteConfig,
  RouteData,
  RouteHandler,
} from "./types.ts";
