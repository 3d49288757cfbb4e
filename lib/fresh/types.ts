/**
 * The public types of the layer, named and shaped as in Fresh 2 so that app
 * code type-checks unchanged against the real package.
 *
 * @module
 */
import type { ComponentType, VNode } from "preact";
import type { Context } from "./context.ts";

/** HTTP methods a route may answer. */
export type Method =
  | "GET"
  | "HEAD"
  | "POST"
  | "PUT"
  | "PATCH"
  | "DELETE"
  | "OPTIONS";

/** A middleware: do something around `ctx.next()` and return a response. */
export type MiddlewareFn<State> = (
  ctx: Context<State>,
) => Response | Promise<Response>;

/** One middleware or a list of them, applied in order. */
export type Middleware<State> = MiddlewareFn<State> | MiddlewareFn<State>[];

/** What a handler may return for a page route: data for its component. */
export interface PageResponse<Data> {
  data: Data;
  headers?: HeadersInit;
  status?: number;
}

/** A handler for one method (or all, when used as `handler`). */
export type HandlerFn<Data, State> = (
  ctx: Context<State>,
) =>
  | Response
  | PageResponse<Data>
  | Promise<Response | PageResponse<Data>>;

/** Handlers keyed by method; missing methods answer 405. */
export type HandlerByMethod<Data, State> = {
  [M in Method]?: HandlerFn<Data, State>;
};

/** A route module's `handler` export. */
export type RouteHandler<Data, State> =
  | HandlerFn<Data, State>
  | HandlerByMethod<Data, State>;

/** What the handler returned for the page, seen by its component. */
export type RouteData<
  Handler extends RouteHandler<unknown, unknown>,
> = Handler extends RouteHandler<infer Data, unknown> ? Data : never;

/** Props of page, layout and `_app` components. */
export interface PageProps<Data = unknown, State = unknown> {
  /** The wrapped inner component (layouts and `_app` render it). */
  Component: ComponentType;
  data: Data;
  url: URL;
  req: Request;
  params: Record<string, string>;
  state: State;
  /** The matched route pattern, e.g. `/c/:id`. */
  route: string | null;
  /** The error being shown, on `_error` and `_404` pages. */
  error?: unknown;
}

/** Per-route options a route module may export as `config`. */
export interface RouteConfig {
  /** Use this path instead of the one derived from the file name. */
  routeOverride?: string;
  /** Render without the `_app` wrapper. */
  skipAppWrapper?: boolean;
  /** Render without the layouts of parent folders. */
  skipInheritedLayouts?: boolean;
}

/** Per-layout options a `_layout` module may export as `config`. */
export interface LayoutConfig {
  skipAppWrapper?: boolean;
  skipInheritedLayouts?: boolean;
}

/** A value or a function that loads it on first use. */
export type Lazy<T> = () => Promise<T>;
/** Either a value or a lazy loader of it. */
export type MaybeLazy<T> = T | Lazy<T>;

/** An island component, as seen by the registry. */
export type Island = ComponentType<Record<string, unknown>>;

/** A function component that may be async (pages, layouts, `_app`). */
export type AnyComponent<P> =
  | ComponentType<P>
  | ((props: P) => Promise<VNode | null>);
