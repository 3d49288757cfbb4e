/**
 * Build entry points (`fresh/dev`), as in Fresh 2: a project's `dev.ts`
 * makes a `Builder`, lets plugins register on it (`tailwind(builder)`), and
 * either builds (`deno task build`) or serves in development mode
 * (`deno task dev`).
 *
 * @module
 */
import { join } from "node:path";
import type { App, ListenOptions } from "./app.ts";
import {
  build,
  type BuildOptions,
  loadOrBuild,
  resolveBuildConfig,
  type ResolvedBuildConfig,
} from "./build.ts";
import { BuildCache } from "./build_cache.ts";
import type {
  OnTransformArgs,
  OnTransformOptions,
  StaticTransform,
  TransformFn,
} from "./file_transformer.ts";
import { setBuildCache } from "./internal.ts";

export type {
  BuildOptions,
  OnTransformArgs,
  OnTransformOptions,
  ResolvedBuildConfig,
  TransformFn,
};

/** Builds an app's client assets and applies the build to the app. */
// deno-lint-ignore no-explicit-any
export class Builder<State = any> {
  /** The resolved options; `mode` is set by `build()` and `listen()`. */
  config: ResolvedBuildConfig;
  #transforms: StaticTransform[] = [];

  constructor(options?: BuildOptions) {
    this.config = resolveBuildConfig(options);
  }

  /** Let a plugin rewrite static files that match `options.filter`. */
  onTransformStaticFile(options: OnTransformOptions, fn: TransformFn): void {
    this.#transforms.push({ options, fn });
  }

  /**
   * Build (production by default) into the output folder, with the
   * `server.js` that `deno task start` serves. Returns a function that
   * applies this build to an app, as tests do. With `snapshot: "memory"`
   * this layer reuses the output folder when it was built from the same
   * sources (Fresh builds in memory instead).
   */
  async build(
    options?: {
      mode?: "development" | "production";
      snapshot?: "disk" | "memory";
    },
  ): Promise<(app: App<State>) => void> {
    this.config.mode = options?.mode ?? "production";
    const config = { ...this.config };
    const snapshot = options?.snapshot === "memory"
      ? await loadOrBuild(config, this.#transforms)
      : await build(config, this.#transforms);
    if (options?.snapshot !== "memory" && config.mode === "production") {
      console.log(`Assets written to: ${config.outDir}`);
    }
    const cache = new BuildCache(config.root, { snapshot });
    return (app) => setBuildCache(app, cache, config.mode);
  }

  /**
   * Development server: build in development mode, import the app (the
   * module's `app` export) and serve it with live reload.
   */
  async listen(
    importApp: () => Promise<{ app: App<State> } | App<State>>,
    options: ListenOptions = {},
  ): Promise<void> {
    // Fresh keeps a development build in memory; this layer writes it to a
    // folder of its own, so the production build that `deno task start`
    // serves is left as it was.
    const outDir = this.config.outDir;
    this.config.outDir = join(outDir, "development");
    let apply: (app: App<State>) => void;
    try {
      apply = await this.build({ mode: "development" });
    } finally {
      this.config.outDir = outDir;
    }
    const imported = await importApp();
    const app = "app" in imported ? imported.app : imported;
    apply(app);
    await app.listen(options);
  }
}
