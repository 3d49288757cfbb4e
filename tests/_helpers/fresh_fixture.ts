/**
 * Serves the fixture app of `tests/fixtures/fresh_app` on 127.0.0.1 with a
 * free port and a build folder of its own, for tests of the Fresh layer.
 *
 * @module
 */
import { App, staticFiles } from "fresh";
import { Builder } from "fresh/dev";
import { fileURLToPath } from "node:url";

/** A running fixture server. */
export interface FixtureServer {
  base: string;
  close(): Promise<void>;
}

/** Root folder of the fixture app. */
export const FIXTURE_ROOT = fileURLToPath(
  new URL("../fixtures/fresh_app", import.meta.url),
);

/** Build and serve the fixture app. */
export async function startFixture(
  mode: "development" | "production" = "production",
): Promise<FixtureServer> {
  const buildDir = await Deno.makeTempDir({ prefix: "fresh_build_" });
  const builder = new Builder({ root: FIXTURE_ROOT, outDir: buildDir });
  const applySnapshot = await builder.build({ mode, snapshot: "memory" });
  const app = new App<{ trail: string[] }>()
    .use(staticFiles())
    .get("/manual/:name", (ctx) => new Response(`hi ${ctx.params.name}`))
    .fsRoutes();
  applySnapshot(app);
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    app.handler(),
  );
  return {
    base: `http://127.0.0.1:${server.addr.port}`,
    async close() {
      await server.shutdown();
      await Deno.remove(buildDir, { recursive: true });
    },
  };
}
