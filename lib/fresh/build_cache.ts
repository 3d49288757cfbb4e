/**
 * What a build leaves for the server: the snapshot (islands, client
 * runtime, folders) and, once loaded, the island registry and file routes.
 * `Builder.build()` returns a function that applies one to an app; the
 * generated `_fresh/server.js` does the same with `ProdBuildCache`.
 *
 * @module
 */
import { isAbsolute, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type FsRoutes, loadFsRoutes } from "./fs_routes.ts";
import { IslandRegistry } from "./islands.ts";
import { setBuildId } from "./runtime.ts";

/**
 * URL prefix of bundled scripts; files there are content-hashed. Here, not
 * in `build.ts`, so that serving a build does not load the builder.
 */
export const JS_PREFIX = "/_fresh/js/";

/** The build's record of what it made; written as `_fresh/snapshot.js`. */
export interface BuildSnapshot {
  /** Changes with every distinct build; part of asset URLs. */
  buildId: string;
  /** Digest of the sources the build was made from. */
  fingerprint: string;
  mode: "development" | "production";
  /** URL of the client runtime. */
  boot: string;
  /** Island file (relative to the islands folder) → URL of its bundle. */
  islands: Record<string, string>;
  /** Folders, relative to the project root (or absolute). */
  islandDir: string;
  routeDir: string;
  staticDirs: string[];
  outDir: string;
}

/** A build applied to an app: where its files are and what it loaded. */
export class BuildCache {
  /** Project root, an absolute path. */
  readonly root: string;
  readonly snapshot: BuildSnapshot;
  #routes: Promise<FsRoutes> | null = null;

  constructor(root: string | URL, snapshot: { snapshot: BuildSnapshot }) {
    const path = root instanceof URL || root.startsWith("file:")
      ? fileURLToPath(root)
      : root;
    this.root = path.replace(/\/+$/, "") || "/";
    this.snapshot = snapshot.snapshot;
  }

  /** An absolute path for a folder of the snapshot. */
  resolve(dir: string): string {
    return isAbsolute(dir) ? dir : join(this.root, dir);
  }

  /** Folders static files are served from, the build's output first. */
  staticDirs(): string[] {
    return [
      join(this.resolve(this.snapshot.outDir), "static"),
      ...this.snapshot.staticDirs.map((d) => this.resolve(d)),
    ];
  }

  /** Load the islands and file routes; runs once. */
  routes(): Promise<FsRoutes> {
    this.#routes ??= (async () => {
      setBuildId(this.snapshot.buildId);
      await new IslandRegistry().load(
        this.resolve(this.snapshot.islandDir),
        this.snapshot.islands,
      );
      return await loadFsRoutes(this.resolve(this.snapshot.routeDir));
    })();
    return this.#routes;
  }
}
