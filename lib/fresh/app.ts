/**
 * `App`: the request pipeline. Middleware added with `.use()` runs first,
 * then the `_middleware` files of the folders above the path, then the
 * route. Errors anywhere become the nearest `_error`/`_404` page.
 *
 * @module
 */
import type { VNode } from "preact";
import type { BuildCache } from "./build_cache.ts";
import {
  type FreshConfig,
  resolveConfig,
  type ResolvedFreshConfig,
} from "./config.ts";
import { Context } from "./context.ts";
import {
  type FsErrorRoute,
  type FsRoute,
  type FsRoutes,
  routeLayouts,
  underPrefix,
} from "./fs_routes.ts";
import { HttpError, STATUS_TEXT } from "./http_error.ts";
import { runSteps } from "./middleware_chain.ts";
import { NONCE_SYMBOL } from "./csp.ts";
import {
  LIVE_RELOAD_PATH,
  liveReloadResponse,
  liveReloadScript,
} from "./live_reload.ts";
import { type PageLayer, renderPage } from "./render.ts";
import {
  compareRoutes,
  compilePath,
  matchPath,
  type RoutePattern,
} from "./router.ts";
import type {
  HandlerByMethod,
  HandlerFn,
  Method,
  Middleware,
  MiddlewareFn,
  PageResponse,
  RouteHandler,
} from "./types.ts";

/** Options of `app.listen()`, as `Deno.serve` takes them. */
export type ListenOptions = Partial<Deno.ServeTcpOptions>;

/** @internal Apply a build to an app (`fresh/internal`'s `setBuildCache`). */
export let setAppBuildCache: <State>(
  app: App<State>,
  cache: BuildCache,
  mode: "development" | "production",
) => void;

interface Candidate {
  pattern: RoutePattern;
  /** Only for `.get()` & co; a file route's comes from its module. */
  handler?: RouteHandler<unknown, unknown>;
  /** Only for file routes: the module (maybe not loaded yet) and wrappers. */
  fs?: FsRoute;
  /** Only for `.get()` & co: the one method it answers. */
  method?: Method | "ALL";
}

const METHODS: Method[] = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
];

function isPageResponse(value: unknown): value is PageResponse<unknown> {
  return typeof value === "object" && value !== null &&
    !(value instanceof Response) && "data" in value;
}

/**
 * A Fresh-2-shaped application. Routes, islands and static files come from
 * a build applied to it (`Builder.build()`'s result, or `_fresh/server.js`).
 */
export class App<State> {
  /** The resolved configuration. */
  readonly config: ResolvedFreshConfig;
  #middlewares: { prefix: string | null; fn: MiddlewareFn<State> }[] = [];
  #manual: Candidate[] = [];
  #useFsRoutes = false;
  #cache: BuildCache | null = null;
  #ready: Promise<void> | null = null;
  #fs: FsRoutes = { routes: [], errors: [], middlewares: [] };
  #candidates: Candidate[] = [];
  #startId = crypto.randomUUID();

  static {
    setAppBuildCache = (app, cache, mode) => {
      app.config.root = cache.root;
      app.config.mode = mode;
      app.#cache = cache;
      app.#ready = null;
    };
  }

  constructor(config: FreshConfig = {}) {
    this.config = resolveConfig(config);
  }

  /** Add middleware for every path, or for `path` and below. */
  use(middleware: Middleware<State>): this;
  use(path: string, middleware: Middleware<State>): this;
  use(a: string | Middleware<State>, b?: Middleware<State>): this {
    const prefix = typeof a === "string" ? a : null;
    const mw = (typeof a === "string" ? b : a)!;
    for (const fn of Array.isArray(mw) ? mw : [mw]) {
      this.#middlewares.push({ prefix, fn });
    }
    return this;
  }

  #add(method: Method | "ALL", path: string, fn: HandlerFn<unknown, State>) {
    this.#manual.push({
      pattern: compilePath(path),
      handler: fn as HandlerFn<unknown, unknown>,
      method,
    });
    return this;
  }

  /** Answer GET (and HEAD) on `path`. */
  get(path: string, fn: HandlerFn<unknown, State>): this {
    return this.#add("GET", path, fn);
  }
  /** Answer POST on `path`. */
  post(path: string, fn: HandlerFn<unknown, State>): this {
    return this.#add("POST", path, fn);
  }
  /** Answer PUT on `path`. */
  put(path: string, fn: HandlerFn<unknown, State>): this {
    return this.#add("PUT", path, fn);
  }
  /** Answer PATCH on `path`. */
  patch(path: string, fn: HandlerFn<unknown, State>): this {
    return this.#add("PATCH", path, fn);
  }
  /** Answer DELETE on `path`. */
  delete(path: string, fn: HandlerFn<unknown, State>): this {
    return this.#add("DELETE", path, fn);
  }
  /** Answer HEAD on `path` (GET routes answer HEAD already). */
  head(path: string, fn: HandlerFn<unknown, State>): this {
    return this.#add("HEAD", path, fn);
  }
  /** Answer every method on `path`. */
  all(path: string, fn: HandlerFn<unknown, State>): this {
    return this.#add("ALL", path, fn);
  }

  /** Serve the file routes of the build applied to this app. */
  fsRoutes(): this {
    this.#useFsRoutes = true;
    return this;
  }

  /** The build applied to this app, if any. */
  get #build(): BuildCache | null {
    return this.#cache;
  }

  /** Load islands and routes of the applied build; runs once per build. */
  #prepare(): Promise<void> {
    this.#ready ??= this.#load();
    return this.#ready;
  }

  async #load(): Promise<void> {
    const cache = this.#cache;
    if (cache && this.#useFsRoutes) this.#fs = await cache.routes();
    else if (cache) await cache.routes();
    const fsCandidates: Candidate[] = this.#fs.routes.map((route) => ({
      pattern: compilePath(route.path),
      fs: route,
    }));
    fsCandidates.sort((a, b) => compareRoutes(a.pattern, b.pattern));
    this.#candidates = [...this.#manual, ...fsCandidates];
  }

  /** A `Deno.serve` handler for this app. */
  handler(): (
    req: Request,
    info?: Deno.ServeHandlerInfo,
  ) => Promise<Response> {
    return async (req, info) => {
      await this.#prepare();
      const response = await this.#handle(req, info);
      return req.method === "HEAD"
        ? new Response(null, {
          status: response.status,
          headers: response.headers,
        })
        : response;
    };
  }

  /** Serve the app; resolves once it listens (Fresh 2 does not wait). */
  async listen(options: ListenOptions = {}): Promise<void> {
    await this.#prepare();
    Deno.serve({
      port: 8000,
      hostname: "127.0.0.1",
      ...options,
      onListen: options.onListen ?? (({ hostname, port }) => {
        console.log(`Listening on http://${hostname}:${port}/`);
      }),
    }, this.handler());
  }

  async #handle(
    req: Request,
    info: Deno.ServeHandlerInfo | undefined,
  ): Promise<Response> {
    const url = this.#requestUrl(req);
    const ctx: Context<State> = new Context<State>(req, {
      url,
      config: this.config,
      build: this.#build,
      info,
      render: (vnode, init) =>
        this.#render(ctx, this.#layersFor(vnode, ctx.route), undefined, init),
    });
    try {
      if (
        this.config.mode === "development" && url.pathname === LIVE_RELOAD_PATH
      ) {
        return liveReloadResponse(this.#startId);
      }
      // As in Fresh 2: the route is found first. A path that matches no
      // route, or a method the route does not answer, runs the root's
      // middleware only, ending in a 404/405 that the root's error route
      // renders.
      const { tail, pathname } = await this.#match(ctx);
      const steps = this.#steps(pathname);
      return await runSteps(ctx, steps, tail);
    } catch (error) {
      return this.#defaultError(ctx, error);
    }
  }

  /** `ctx.url`: behind a trusted proxy, its forwarded protocol and host. */
  #requestUrl(req: Request): URL {
    const url = new URL(req.url);
    if (this.config.trustProxy) {
      const proto = req.headers.get("x-forwarded-proto");
      if (proto) url.protocol = `${proto}:`;
      const host = req.headers.get("x-forwarded-host");
      if (host) url.host = host;
    }
    return url;
  }

  /**
   * The route for the request and the folder whose segments apply: the
   * route's path, or the root when nothing matched. The first route whose
   * path matches decides (a wrong method there is a 405, as in Fresh 2).
   * A lazy file route is loaded here, on its first match, so that the
   * methods it answers are known; a failed import is that route's error,
   * rendered by its folder's error route like any handler's.
   */
  async #match(
    ctx: Context<State>,
  ): Promise<{ tail: () => Promise<Response>; pathname: string }> {
    const method = ctx.req.method.toUpperCase() as Method;
    const pathname = ctx.url.pathname;
    try {
      decodeURIComponent(pathname);
    } catch {
      const error = new HttpError(
        400,
        "The URL has malformed percent-encoding.",
      );
      return { tail: () => Promise.reject(error), pathname: "/" };
    }
    const first = this.#candidates.find((c) => matchPath(c.pattern, pathname));
    if (!first) {
      return { tail: () => Promise.reject(new HttpError(404)), pathname: "/" };
    }
    const same = this.#candidates.filter((c) =>
      c.pattern.path === first.pattern.path
    );
    if (same.some((c) => c.fs && !c.fs.module)) {
      try {
        await Promise.all(same.map((c) => c.fs?.load()));
      } catch (error) {
        ctx.params = matchPath(first.pattern, pathname)!;
        ctx.route = first.pattern.path;
        return { tail: () => Promise.reject(error), pathname };
      }
    }
    for (const candidate of same) {
      const fn = this.#pick(candidate, method);
      if (!fn) continue;
      ctx.params = matchPath(candidate.pattern, pathname)!;
      ctx.route = candidate.pattern.path;
      return { tail: () => fn(ctx), pathname };
    }
    if (method === "OPTIONS") {
      const allow = METHODS.filter((m) => same.some((c) => this.#pick(c, m)));
      const options = new Response(null, {
        status: 204,
        headers: { allow: allow.join(", ") },
      });
      return { tail: () => Promise.resolve(options), pathname: "/" };
    }
    return { tail: () => Promise.reject(new HttpError(405)), pathname: "/" };
  }

  /**
   * The middleware of every folder from the root down to `pathname`, each
   * folder's preceded by its error boundary: an error thrown below is
   * rendered by that folder's `_error` (or `_404`), so middleware above it
   * sees a response, as with Fresh 2's segments.
   */
  #steps(pathname: string): MiddlewareFn<State>[] {
    const prefixes = new Set<string>(["/"]);
    for (const m of this.#middlewares) {
      if (m.prefix !== null && underPrefix(pathname, m.prefix)) {
        prefixes.add(m.prefix);
      }
    }
    for (const item of [...this.#fs.middlewares, ...this.#fs.errors]) {
      if (underPrefix(pathname, item.prefix)) prefixes.add(item.prefix);
    }
    const ordered = [...prefixes].sort((a, b) =>
      a === "/" ? -1 : b === "/" ? 1 : a.length - b.length
    );
    const steps: MiddlewareFn<State>[] = [];
    for (const prefix of ordered) {
      const root = prefix === "/";
      steps.push(this.#boundary(prefix));
      steps.push(
        ...this.#middlewares
          .filter((m) => root ? m.prefix === null : m.prefix === prefix)
          .map((m) => m.fn),
        ...this.#fs.middlewares
          .filter((m) => m.prefix === prefix)
          .flatMap((m) => m.fns as MiddlewareFn<State>[]),
      );
    }
    return steps;
  }

  /** The error boundary of one folder. */
  #boundary(prefix: string): MiddlewareFn<State> {
    return async (ctx) => {
      try {
        return await ctx.next();
      } catch (error) {
        const status = error instanceof HttpError ? error.status : 500;
        const route = this.#fs.errors.find((r) =>
          r.prefix === prefix && r.notFoundOnly && status === 404
        ) ?? this.#fs.errors.find((r) =>
          r.prefix === prefix && !r.notFoundOnly
        );
        if (!route) {
          throw error;
        }
        ctx.error = error;
        return await this.#renderErrorRoute(ctx, route, status);
      }
    };
  }

  #methodsOf(candidate: Candidate): string[] {
    return METHODS.filter((m) => this.#pick(candidate, m));
  }

  /** The function that answers `method` on a candidate, if any. */
  #pick(
    candidate: Candidate,
    method: Method,
  ): ((ctx: Context<State>) => Promise<Response>) | undefined {
    const { fs } = candidate;
    const handler = fs
      ? fs.module?.handlers ?? fs.module?.handler
      : candidate.handler;
    if (candidate.method) {
      const ok = candidate.method === "ALL" || candidate.method === method ||
        (method === "HEAD" && candidate.method === "GET");
      return ok
        ? (ctx) => this.#respond(ctx, handler as HandlerFn<unknown, State>, fs)
        : undefined;
    }
    if (typeof handler === "function") {
      return (ctx) =>
        this.#respond(ctx, handler as HandlerFn<unknown, State>, fs);
    }
    const byMethod = handler as HandlerByMethod<unknown, State> | undefined;
    const fn = byMethod?.[method] ??
      (method === "HEAD" ? byMethod?.GET : undefined);
    if (fn) return (ctx) => this.#respond(ctx, fn, fs);
    if (fs?.module?.default && (method === "GET" || method === "HEAD")) {
      return (ctx) => this.#renderRoute(ctx, fs, undefined);
    }
    return undefined;
  }

  async #respond(
    ctx: Context<State>,
    fn: HandlerFn<unknown, State>,
    fs: FsRoute | undefined,
  ): Promise<Response> {
    const result = await fn(ctx);
    if (result instanceof Response) return result;
    if (isPageResponse(result) && fs?.module?.default) {
      return await this.#renderRoute(ctx, fs, result.data, {
        status: result.status,
        headers: result.headers,
      });
    }
    throw new Error(
      `The handler of ${ctx.route} returned neither a Response nor page data for a page component.`,
    );
  }

  #layersFor(vnode: VNode | null, route: string | null): (PageLayer | VNode)[] {
    const fs = this.#fs.routes.find((r) => r.path === route);
    const layers: (PageLayer | VNode)[] = [];
    if (this.#fs.app && !fs?.module?.config?.skipAppWrapper) {
      layers.push(this.#fs.app);
    }
    layers.push(...(fs ? routeLayouts(fs) : []));
    if (vnode) layers.push(vnode);
    return layers;
  }

  #renderRoute(
    ctx: Context<State>,
    fs: FsRoute,
    data: unknown,
    init?: ResponseInit,
  ): Promise<Response> {
    const layers: (PageLayer | VNode)[] = [];
    if (this.#fs.app && !fs.module?.config?.skipAppWrapper) {
      layers.push(this.#fs.app);
    }
    layers.push(...routeLayouts(fs), fs.module!.default!);
    return this.#render(ctx, layers, data, init);
  }

  async #render(
    ctx: Context<State>,
    layers: (PageLayer | VNode)[],
    data: unknown,
    init?: ResponseInit,
  ): Promise<Response> {
    const html = await renderPage({
      layers,
      props: {
        data,
        url: ctx.url,
        req: ctx.req,
        params: ctx.params,
        state: ctx.state,
        route: ctx.route,
        error: ctx.error,
      },
      nonce: ctx.nonce,
      bootUrl: this.#build?.snapshot.boot ?? "",
      buildId: this.#build?.snapshot.buildId ?? "",
      bodyEnd: this.config.mode === "development"
        ? liveReloadScript(ctx.nonce)
        : undefined,
    });
    const headers = new Headers(init?.headers);
    if (!headers.has("content-type")) {
      headers.set("content-type", "text/html; charset=utf-8");
    }
    const response = new Response(html, {
      status: init?.status ?? 200,
      headers,
    });
    // For `csp({ useNonce: true })`: the nonce of this page's scripts.
    Object.defineProperty(response, NONCE_SYMBOL, { value: ctx.nonce });
    return response;
  }

  /**
   * No error route took the error: plain text, as Fresh 2's default
   * handler (which logs server errors; error routes log nothing).
   */
  #defaultError(ctx: Context<State>, error: unknown): Response {
    ctx.error = error;
    const status = error instanceof HttpError ? error.status : 500;
    if (status >= 500) console.error(error);
    const message = error instanceof HttpError
      ? error.message || STATUS_TEXT[status] || `HTTP ${status}`
      : this.config.mode === "development" && error instanceof Error
      ? `${error.stack ?? error.message}`
      : "Internal server error";
    return new Response(message, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }

  async #renderErrorRoute(
    ctx: Context<State>,
    route: FsErrorRoute,
    status: number,
  ): Promise<Response> {
    const handler = route.module.handlers ?? route.module.handler;
    const fn = typeof handler === "function"
      ? handler
      : handler?.[ctx.req.method as Method] ?? handler?.GET;
    if (fn) {
      const result = await fn(ctx as Context<unknown>);
      if (result instanceof Response) return result;
      if (route.module.default) {
        return await this.#renderWithStatus(ctx, route, result.data, status);
      }
    }
    return await this.#renderWithStatus(ctx, route, undefined, status);
  }

  #renderWithStatus(
    ctx: Context<State>,
    route: FsErrorRoute,
    data: unknown,
    status: number,
  ): Promise<Response> {
    const layers: (PageLayer | VNode)[] = [];
    if (this.#fs.app) layers.push(this.#fs.app);
    layers.push(...route.layouts, route.module.default!);
    return this.#render(ctx, layers, data, { status });
  }
}
