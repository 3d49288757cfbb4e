/**
 * The long-lived parts of the server (store, model registry, generation
 * service), created once at start-up and handed to every request through
 * `ctx.state.services`. Tests create their own with a temp `dataDir`.
 *
 * @module
 */
import type { Config } from "./config.ts";

/** What routes reach through `ctx.state.services`. */
export interface Services {
  config: Config;
  /** Stop background work and release files (lock file, timers). */
  close(): Promise<void>;
}

/** Open the store and start the services for one server process. */
export function createServices(config: Config): Promise<Services> {
  return Promise.resolve({
    config,
    close: () => Promise.resolve(),
  });
}
