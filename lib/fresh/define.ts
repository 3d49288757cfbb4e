/**
 * `createDefine<State>()` and `page()`: identity helpers whose only job is
 * to give handlers, pages and middleware the app's `State` type.
 *
 * @module
 */
import type { VNode } from "preact";
import type {
  HandlerByMethod,
  HandlerFn,
  Middleware,
  PageProps,
  PageResponse,
  RouteHandler,
} from "./types.ts";

/** A page, layout or `_app` component; it may be async. */
export type PageComponent<Data, State> = (
  props: PageProps<Data, State>,
) => VNode | null | Promise<VNode | null>;

/** Typed helpers returned by `createDefine`. */
export interface Define<State> {
  /** Define route handlers (a function or one per method). */
  handlers<
    Data,
    Handlers extends RouteHandler<Data, State> = RouteHandler<Data, State>,
  >(
    handlers: Handlers,
  ): Handlers;
  /**
   * Define a page component. As in Fresh 2, the type argument is the
   * route's handler (`define.page<typeof handler>`); the page's `data` is
   * what that handler returns.
   */
  page<
    // deno-lint-ignore no-explicit-any
    Handler extends RouteHandler<any, State> = never,
    Data = Handler extends HandlerFn<infer D, State> ? D
      : Handler extends HandlerByMethod<infer D, State> ? D
      : never,
  >(
    page: PageComponent<Data, State>,
  ): PageComponent<Data, State>;
  /** Define middleware. */
  middleware(middleware: Middleware<State>): Middleware<State>;
}

/** Create the `define` helpers for an app's `State`. */
export function createDefine<State>(): Define<State> {
  return {
    handlers: (handlers) => handlers,
    page: (page) => page,
    middleware: (middleware) => middleware,
  };
}

/** Page data (and optional status/headers) for a route's component. */
export function page<Data>(
  data?: Data,
  init?: { headers?: HeadersInit; status?: number },
): PageResponse<Data> {
  return { data: data as Data, headers: init?.headers, status: init?.status };
}

export type { HandlerByMethod, HandlerFn };
