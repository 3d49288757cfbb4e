/**
 * App configuration: what `new App(config)` takes, as in Fresh 2. Where the
 * project's files live is the build's business (`Builder` options), not the
 * app's: the build is applied to the app with `setBuildCache`.
 *
 * @module
 */

/** Configuration accepted by `new App(config)` (Fresh 2's `FreshConfig`). */
export interface FreshConfig {
  /**
   * Serve the app below this path. Only `""` (the root) is supported by
   * this layer; anything else throws, rather than serving wrong URLs.
   */
  basePath?: string;
  /** `development` adds live reload and error details. */
  mode?: "development" | "production";
  /**
   * Build `ctx.url` from `X-Forwarded-Proto` and `X-Forwarded-Host`. Only
   * for an app behind a reverse proxy that sets them.
   */
  trustProxy?: boolean;
}

/** The configuration with every default filled in. */
export interface ResolvedFreshConfig {
  /** Project root; set from the build when it is applied. */
  root: string;
  basePath: string;
  mode: "development" | "production";
  trustProxy: boolean;
}

/** Fill in defaults, as `new App()` does. */
export function resolveConfig(config: FreshConfig = {}): ResolvedFreshConfig {
  if (config.basePath) {
    throw new Error(
      `basePath "${config.basePath}" is not supported by this Fresh layer`,
    );
  }
  return {
    root: ".",
    basePath: "",
    mode: config.mode ?? "production",
    trustProxy: config.trustProxy ?? false,
  };
}
