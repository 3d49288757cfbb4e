/**
 * The build, as in a Fresh 2 project: `deno task build` writes `_fresh/`
 * (served by `deno task start`); `deno task dev` serves the app in
 * development mode. Before the Builder runs, our own step fills
 * `static/vendor/` (see `prepareVendorAssets`).
 *
 * @module
 */
import { tailwind } from "@fresh/plugin-tailwind";
import { Builder } from "fresh/dev";
import { buildOptions, tailwindOptions } from "./fresh.config.ts";
import { readConfig } from "./lib/config.ts";
import {
  bundleBrowserMarkdown,
  copyKatexAssets,
} from "./lib/markdown/vendor.ts";

/** The Builder with the app's plugins registered on it. */
export function createBuilder(): Builder {
  const builder = new Builder(buildOptions);
  tailwind(builder, tailwindOptions);
  return builder;
}

/**
 * Our own build step around the Builder, into `static/vendor/`: KaTeX's
 * stylesheet and fonts, and the markdown modules bundled without the HTML
 * entity tables (an esbuild alias Fresh's Builder cannot take).
 */
export async function prepareVendorAssets(): Promise<void> {
  const staticDir = new URL("./static/", import.meta.url).pathname;
  await copyKatexAssets(staticDir);
  await bundleBrowserMarkdown(staticDir);
}

/** `deno task build`: vendored assets, then the production build. */
export async function buildApp(): Promise<void> {
  await prepareVendorAssets();
  await createBuilder().build();
}

if (import.meta.main) {
  if (Deno.args.includes("build")) {
    // `deno task start` asks for a build only when there is none yet.
    const server = new URL("./_fresh/server.js", import.meta.url);
    const missing = !await Deno.stat(server).then(() => true, () => false);
    if (!Deno.args.includes("--if-missing") || missing) {
      if (missing) console.log("No build yet: building the client assets…");
      await buildApp();
    }
  } else {
    await prepareVendorAssets();
    const builder = createBuilder();
    const config = readConfig(Deno.env);
    await builder.listen(() => import("./main.ts"), {
      port: config.port,
      hostname: config.hostname,
    });
  }
}
