/**
 * Turns route paths into URL patterns and ranks them, so that the most
 * specific route wins: static segments before `:params`, params before
 * catch-alls.
 *
 * @module
 */

/** A compiled route path. */
export interface RoutePattern {
  /** The path as written, e.g. `/c/:id`. */
  path: string;
  /** Matches a whole pathname; groups named after the params. */
  pattern: RegExp;
  /** Lower sorts first. */
  rank: number[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `/c/:id` → `^/c/(?<id>[^/]+)$`; a last `:rest*` matches the rest of the
 * path, slashes included, or nothing.
 */
function toRegExp(path: string): RegExp {
  const segments = path.split("/").filter(Boolean);
  let source = "";
  for (const segment of segments) {
    const param = segment.match(/^:(\w+)(\*)?$/);
    if (param?.[2]) source += `(?:/(?<${param[1]}>.*))?`;
    else if (param) source += `/(?<${param[1]}>[^/]+)`;
    else {
      source += "/" +
        segment.split(/(:\w+)/).map((part) =>
          part.startsWith(":")
            ? `(?<${part.slice(1)}>[^/]+?)`
            : escapeRegExp(part)
        ).join("");
    }
  }
  return new RegExp(`^${source || "/"}$`);
}

/** Compile a route path such as `/c/:id` or `/docs/:rest*` to a pattern. */
export function compilePath(path: string): RoutePattern {
  const segments = path.split("/").filter(Boolean);
  // One number per segment: 0 static, 1 param, 2 catch-all; fewer
  // segments rank later when the prefixes tie, so `/a/b` beats `/a/:x*`.
  const rank = segments.map((s) =>
    s.endsWith("*") ? 2 : s.startsWith(":") ? 1 : 0
  );
  return { path, pattern: toRegExp(path), rank };
}

/** Sort compiled paths so that the first match is the most specific. */
export function compareRoutes(a: RoutePattern, b: RoutePattern): number {
  const length = Math.max(a.rank.length, b.rank.length);
  for (let i = 0; i < length; i++) {
    const x = a.rank[i] ?? -1;
    const y = b.rank[i] ?? -1;
    if (x !== y) return x - y;
  }
  return 0;
}

/**
 * Match a pathname; returns decoded params or null. Throws `URIError` when a
 * param holds malformed percent-encoding, which the app turns into a 400.
 */
export function matchPath(
  route: RoutePattern,
  pathname: string,
): Record<string, string> | null {
  const result = route.pattern.exec(pathname);
  if (!result) return null;
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(result.groups ?? {})) {
    if (value !== undefined) params[key] = decodeURIComponent(value);
  }
  return params;
}
