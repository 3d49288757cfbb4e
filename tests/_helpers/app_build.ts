/**
 * Applies the app's build to an `App`, as `_fresh/server.js` does in
 * production: the same Builder `dev.ts` makes, built once per test process
 * (this layer reuses `_fresh/` when `deno task build` made it from the same
 * sources).
 *
 * @module
 */
import type { App } from "fresh";
import { createBuilder, prepareVendorAssets } from "../../dev.ts";

let built: Promise<(app: App<unknown>) => void> | null = null;

/** Apply the production build to `app` and return it. */
export async function applyBuild<State>(app: App<State>): Promise<App<State>> {
  built ??= (async () => {
    await prepareVendorAssets();
    return await createBuilder().build({ snapshot: "memory" });
  })();
  (await built)(app as App<unknown>);
  return app;
}
