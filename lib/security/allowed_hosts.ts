/**
 * The Host allowlist that stops DNS rebinding: a page on `evil.example`
 * whose name is made to resolve to 127.0.0.1 sends `Host: evil.example`,
 * so answering only to known names keeps such a page from reading or
 * writing anything (421 Misdirected Request).
 *
 * @module
 */
import type { Context, MiddlewareFn } from "fresh";

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];

/** Whether `hostname` is an address only this machine can reach. */
export function isLoopback(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  return name === "localhost" || name === "::1" ||
    /^127\.\d+\.\d+\.\d+$/.test(name);
}

/**
 * The names to answer to: `ALLOWED_HOSTS` when set; bound to loopback, the
 * loopback names (with the port when it is fixed); otherwise `null`, any
 * name (a LAN or hosted server is reached under names we cannot guess).
 */
export function defaultAllowedHosts(
  options: { hostname: string; port: number; allowedHosts?: string[] },
): string[] | null {
  if (options.allowedHosts?.length) {
    return options.allowedHosts.map((h) => h.toLowerCase());
  }
  if (!isLoopback(options.hostname)) return null;
  return LOOPBACK_NAMES.map((name) =>
    options.port ? `${name}:${options.port}` : name
  );
}

/** Whether a `Host` value (`name` or `name:port`) matches an entry. */
export function hostAllowed(host: string, allowed: string[]): boolean {
  const lower = host.toLowerCase();
  const name = lower.replace(/:\d+$/, "");
  return allowed.some((entry) => entry === lower || entry === name);
}

/**
 * Middleware answering 421 (JSON) to a request whose `Host` is not among
 * the names `allowedFor(ctx)` returns; `null` allows every name.
 */
export function allowedHosts<State>(
  allowedFor: (ctx: Context<State>) => string[] | null,
): MiddlewareFn<State> {
  return (ctx) => {
    const allowed = allowedFor(ctx);
    if (allowed === null) return ctx.next();
    const host = ctx.req.headers.get("host") ?? ctx.url.host;
    if (hostAllowed(host, allowed)) return ctx.next();
    return Response.json({
      error:
        `This server does not answer to the name "${host}". Open it by one of its names (${
          allowed.join(", ")
        }) or add the name to ALLOWED_HOSTS.`,
    }, { status: 421 });
  };
}
