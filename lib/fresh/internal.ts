/**
 * What the generated `_fresh/server.js` imports (`fresh/internal`), as in
 * Fresh 2: the production build cache and the hook that applies it.
 *
 * @module
 */
import { setAppBuildCache } from "./app.ts";
import { BuildCache } from "./build_cache.ts";
import type { App } from "./app.ts";

/** The build cache of a production build, read from its snapshot. */
export class ProdBuildCache extends BuildCache {}

/** Apply a build to an app: its routes, islands and static files. */
export function setBuildCache<State>(
  app: App<State>,
  cache: BuildCache,
  mode: "development" | "production",
): void {
  setAppBuildCache(app, cache, mode);
}
