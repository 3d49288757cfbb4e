/**
 * What server components and islands alike may import (`fresh/runtime`):
 * `asset()` for cache-busted URLs, `IS_BROWSER`, `HttpError`.
 *
 * @module
 */
export { HttpError } from "./http_error.ts";

/** True in the browser, false while rendering on the server. */
export const IS_BROWSER: boolean = typeof document !== "undefined";

/** Query key that marks a URL as carrying the build id. */
export const ASSET_CACHE_BUST_KEY = "__frsh_c";

let buildId = "";

/** @internal Set by the server at start and by the client runtime at boot. */
export function setBuildId(id: string): void {
  buildId = id;
}

/**
 * Create a "locked" asset path: the build id is added to the URL so that
 * the file can be served with a very long cache lifetime, and a new build
 * changes the URL. External URLs and paths that have it already are kept.
 */
export function asset(path: string): string {
  if (!path.startsWith("/") || path.startsWith("//") || !buildId) return path;
  const url = new URL(path, "http://localhost");
  if (url.searchParams.has(ASSET_CACHE_BUST_KEY)) return path;
  url.searchParams.set(ASSET_CACHE_BUST_KEY, buildId);
  return url.pathname + url.search + url.hash;
}

/** `asset()` applied to each URL of a `srcset` attribute. */
export function assetSrcSet(srcset: string): string {
  return srcset.split(",").map((part) => {
    const [url, ...rest] = part.trim().split(/\s+/);
    return [asset(url), ...rest].join(" ");
  }).join(", ");
}
