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
  underPrefix,
} from "./fs_routes.ts";
import { HttpError } from "./http_error.ts";
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
  handler: RouteHandler<unknown, unknown> | undefined;
  /** Only for file routes: the page component and its wrappers. */
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

class MethodNotAllowed extends HttpError {
  allow: string[];
  constructor(allow: string[]) {
    super(405);
    this.allow = allow;
  }
}

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
      handler: route.module.handlers ?? route.module.handler,
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
    const url = new URL(req.url);
    let chain: MiddlewareFn<State>[] = [];
    let step = -1;
    const ctx: Context<State> = new Context<State>(req, {
      url,
      config: this.config,
      build: this.#build,
      info,
      internals: {
        next: () => run(step + 1),
        render: (vnode, init) =>
          this.#render(ctx, this.#layersFor(vnode, ctx.route), undefined, init),
      },
    });
    const run = async (i: number): Promise<Response> => {
      step = i;
      if (i < chain.length) return await chain[i](ctx);
      return await this.#route(ctx);
    };
    try {
      try {
        decodeURIComponent(url.pathname);
      } catch {
        throw new HttpError(400, "The URL has malformed percent-encoding.");
      }
      if (
        this.config.mode === "development" && url.pathname === LIVE_RELOAD_PATH
      ) {
        return liveReloadResponse(this.#startId);
      }
      chain = [
        ...this.#middlewares
          .filter((m) =>
            m.prefix === null || underPrefix(url.pathname, m.prefix)
          )
          .map((m) => m.fn),
        ...this.#fs.middlewares
          .filter((m) => underPrefix(url.pathname, m.prefix))
          .flatMap((m) => m.fns as MiddlewareFn<State>[]),
      ];
      return await run(0);
    } catch (error) {
      return await this.#renderError(ctx, error);
    }
  }

  async #route(ctx: Context<State>): Promise<Response> {
    const method = ctx.req.method.toUpperCase() as Method;
    const allowed = new Set<string>();
    for (const candidate of this.#candidates) {
      let params: Record<string, string> | null;
      try {
        params = matchPath(candidate.pattern, ctx.url.pathname);
      } catch {
        throw new HttpError(400, "The URL has malformed percent-encoding.");
      }
      if (!params) continue;
      const fn = this.#pick(candidate, method);
      if (!fn) {
        this.#methodsOf(candidate).forEach((m) => allowed.add(m));
        continue;
      }
      ctx.params = params;
      ctx.route = candidate.pattern.path;
      return await fn(ctx);
    }
    if (allowed.size > 0) throw new MethodNotAllowed([...allowed]);
    throw new HttpError(404);
  }

  #methodsOf(candidate: Candidate): string[] {
    return METHODS.filter((m) => this.#pick(candidate, m));
  }

  /** The function that answers `method` on a candidate, if any. */
  #pick(
    candidate: Candidate,
    method: Method,
  ): ((ctx: Context<State>) => Promise<Response>) | undefined {
    const { handler, fs } = candidate;
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
    if (fs?.module.default && (method === "GET" || method === "HEAD")) {
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
    if (isPageResponse(result) && fs?.module.default) {
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
    if (this.#fs.app && !fs?.module.config?.skipAppWrapper) {
      layers.push(this.#fs.app);
    }
    layers.push(...(fs?.layouts ?? []));
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
    if (this.#fs.app && !fs.module.config?.skipAppWrapper) {
      layers.push(this.#fs.app);
    }
    layers.push(...fs.layouts, fs.module.default!);
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
    return new Response(html, { status: init?.status ?? 200, headers });
  }

  #errorRouteFor(pathname: string, status: number): FsErrorRoute | undefined {
    let best: FsErrorRoute | undefined;
    for (const route of this.#fs.errors) {
      if (route.notFoundOnly && status !== 404) continue;
      if (!underPrefix(pathname, route.prefix)) continue;
      const better = !best || route.prefix.length > best.prefix.length ||
        (route.prefix.length === best.prefix.length && route.notFoundOnly);
      if (better) best = route;
    }
    return best;
  }

  async #renderError(ctx: Context<State>, error: unknown): Promise<Response> {
    const status = error instanceof HttpError ? error.status : 500;
    if (status >= 500) console.error(error);
    ctx.error = error;
    let response: Response | undefined;
    const route = this.#errorRouteFor(ctx.url.pathname, status);
    if (route) {
      try {
        response = await this.#renderErrorRoute(ctx, route, status);
      } catch (inner) {
        console.error(inner);
      }
    }
    response ??= this.#plainError(status, error);
    if (error instanceof MethodNotAllowed) {
      response.headers.set("allow", error.allow.join(", "));
    }
    return response;
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

  #plainError(status: number, error: unknown): Response {
    const message = error instanceof HttpError
      ? error.message
      : this.config.mode === "development" && error instanceof Error
      ? `${error.stack ?? error.message}`
      : "Internal Server Error";
    return new Response(`${status} ${message}`, {
      status,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  }
}
