/**
 * The request context handed to middleware, handlers and (as PageProps) to
 * page components: the single object that carries a request through the app.
 *
 * @module
 */
import type { VNode } from "preact";
import type { BuildCache } from "./build_cache.ts";
import type { ResolvedFreshConfig } from "./config.ts";

/** How the app renders a vnode as a page, for `ctx.render()`. */
export type RenderFn = (
  vnode: VNode | null,
  init?: ResponseInit,
) => Promise<Response>;

/** The context of one request, as in Fresh 2. */
export class Context<State> {
  /** The incoming request. */
  readonly req: Request;
  /** The parsed request URL. */
  readonly url: URL;
  /** App configuration (root, mode, build dir). */
  readonly config: ResolvedFreshConfig;
  /** Connection info from `Deno.serve`, when there is one. */
  readonly info: Deno.ServeHandlerInfo | undefined;
  /** Route params, decoded (`/c/:id` → `{ id }`). */
  params: Record<string, string> = {};
  /** Per-request state shared by middleware and routes. */
  state: State = {} as State;
  /** The matched route pattern, or null. */
  route: string | null = null;
  /** The error being handled, inside error routes. */
  error: unknown = undefined;
  /**
   * Run the rest of the middleware chain and the route. Set anew before
   * each middleware runs, so each step has its own (as in Fresh 2).
   */
  next: () => Promise<Response> = () =>
    Promise.reject(new Error("ctx.next() called outside of a middleware"));
  #render: RenderFn;
  /** @internal The build applied to the app, if any. */
  readonly build: BuildCache | null;
  #nonce: string | undefined;

  constructor(
    req: Request,
    init: {
      url: URL;
      config: ResolvedFreshConfig;
      build?: BuildCache | null;
      info?: Deno.ServeHandlerInfo;
      render: RenderFn;
    },
  ) {
    this.req = req;
    this.url = init.url;
    this.config = init.config;
    this.build = init.build ?? null;
    this.info = init.info;
    this.#render = init.render;
  }

  /** A random value for this response's inline scripts (CSP `nonce-…`). */
  get nonce(): string {
    this.#nonce ??= crypto.randomUUID().replaceAll("-", "");
    return this.#nonce;
  }

  /** Render a vnode as a full page, wrapped in `_app` and layouts. */
  render(vnode: VNode | null, init?: ResponseInit): Promise<Response> {
    return this.#render(vnode, init);
  }

  /** A redirect; relative paths stay on this origin. */
  redirect(pathOrUrl: string, status = 302): Response {
    // Paths beginning with "//" would leave the origin; keep them local.
    const location = pathOrUrl.startsWith("//")
      ? "/" + pathOrUrl.replace(/^\/+/, "")
      : pathOrUrl;
    return new Response(null, { status, headers: { location } });
  }
}

/** Fresh 2 also exports the context under this name. */
export type FreshContext<State = unknown> = Context<State>;
