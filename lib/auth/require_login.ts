/**
 * The middleware that keeps everything behind the login when a password
 * is set: pages send you to `/login`, API calls get 401 JSON.
 *
 * @module
 */
import type { Context, MiddlewareFn } from "fresh";
import type { Auth } from "./auth.ts";

/** Options of {@linkcode requireLogin}. */
export interface RequireLoginOptions<State> {
  /** The logins, or null when no password is set (everything is open). */
  authOf: (ctx: Context<State>) => Auth | null;
  /** Paths open without a login (the login page, health checks). */
  isPublic: (path: string) => boolean;
}

/** Let a request through only with a live session (or on a public path). */
export function requireLogin<State>(
  options: RequireLoginOptions<State>,
): MiddlewareFn<State> {
  return async (ctx) => {
    const auth = options.authOf(ctx);
    if (!auth || options.isPublic(ctx.url.pathname)) return ctx.next();
    if (await auth.isLoggedIn(ctx.req)) return ctx.next();
    if (ctx.url.pathname.startsWith("/api/")) {
      return Response.json({ error: "Log in first." }, { status: 401 });
    }
    return ctx.redirect("/login");
  };
}
