/**
 * App configuration: what `fresh.config.ts` exports and `new App()` takes.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import type { BuildPlugin } from "./build.ts";

/** Configuration accepted by `new App(config)`. */
export interface FreshConfig {
  /** Project root (a path or a `file:` URL); default the working folder. */
  root?: string;
  /** `development` adds live reload and error details. */
  mode?: "development" | "production";
  /** Build output folder, relative to root. Default `_fresh`. */
  buildDir?: string;
  /** Build plugins, e.g. `tailwind()`. */
  plugins?: BuildPlugin[];
  /**
   * Module aliases for the browser bundles (esbuild's `alias`), e.g. a
   * smaller browser build of a dependency. Not a Fresh 2 option.
   */
  alias?: Record<string, string>;
}

/** The configuration with every default filled in. */
export interface ResolvedFreshConfig {
  root: string;
  mode: "development" | "production";
  buildDir: string;
  plugins: BuildPlugin[];
  alias: Record<string, string>;
}

/** Fill in defaults; a `file:` URL root becomes a path. */
export function resolveConfig(config: FreshConfig = {}): ResolvedFreshConfig {
  let root = config.root ?? Deno.cwd();
  if (root.startsWith("file:")) root = fileURLToPath(root);
  root = root.replace(/\/+$/, "") || "/";
  const buildDir = config.buildDir ?? "_fresh";
  return {
    root,
    mode: config.mode ?? "production",
    buildDir: buildDir.startsWith("/") ? buildDir : `${root}/${buildDir}`,
    plugins: config.plugins ?? [],
    alias: config.alias ?? {},
  };
}
