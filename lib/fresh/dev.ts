/**
 * Build entry points (`fresh/dev`): `Builder` bundles islands and runs the
 * build plugins ahead of time, as `deno task build` does.
 *
 * @module
 */
import { build, type BuildManifest } from "./build.ts";
import { type FreshConfig, resolveConfig } from "./config.ts";

export type { BuildPlugin, BuildPluginContext } from "./build.ts";

/** Builds the client assets of an app. */
export class Builder {
  #config: FreshConfig;

  constructor(config: FreshConfig = {}) {
    this.#config = config;
  }

  /** Build now, whatever the state of the last build. */
  build(): Promise<BuildManifest> {
    return build(resolveConfig(this.#config));
  }
}

export type { BuildManifest };
