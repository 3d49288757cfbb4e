/**
 * Build-time: the browser assets of markdown, made by our own step before
 * the app's build (`dev.ts`), into the static folder. KaTeX's stylesheet
 * and fonts are copied out of the installed npm package (the stylesheet
 * refers to its fonts by relative URL, so the two go side by side); the
 * renderer and enhancer are bundled with esbuild and an alias that leaves
 * the HTML entity tables out (the framework's bundler has no such option).
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import {
  KATEX_CSS_PATH,
  MARKDOWN_ENHANCE_PATH,
  MARKDOWN_LIVE_PATH,
} from "./constants.ts";

export { KATEX_CSS_PATH, MARKDOWN_ENHANCE_PATH, MARKDOWN_LIVE_PATH };

/**
 * Module aliases for bundling `mod.ts` for the browser (esbuild's `alias`
 * option): swaps the `entities` package, about 16 KB gzipped of entity
 * tables, for a decoder that asks the browser. Output is unchanged.
 */
export const MARKDOWN_BROWSER_ALIASES: Readonly<Record<string, string>> = {
  entities: fileURLToPath(new URL("./browser_entities.ts", import.meta.url)),
};

/** What {@linkcode copyKatexAssets} wrote. */
export interface CopiedKatexAssets {
  /** The folder holding `katex.min.css` and `fonts/`. */
  dir: string;
  /** Number of files copied. */
  files: number;
}

/**
 * Copy `katex.min.css` and its fonts into `<outDir>/vendor/katex/`, so that
 * they are served at {@linkcode KATEX_CSS_PATH}. The package folder is found
 * through module resolution, so this works wherever dependencies are
 * installed.
 */
export async function copyKatexAssets(
  outDir: string,
): Promise<CopiedKatexAssets> {
  const dist = katexDistUrl();
  const dir = joinPath(
    outDir,
    KATEX_CSS_PATH.slice(1, KATEX_CSS_PATH.lastIndexOf("/")),
  );
  const fontsDir = joinPath(dir, "fonts");
  await Deno.mkdir(fontsDir, { recursive: true });
  await copyIfChanged(
    new URL("katex.min.css", dist),
    joinPath(dir, "katex.min.css"),
  );
  let files = 1;
  const fontsUrl = new URL("fonts/", dist);
  for await (const entry of Deno.readDir(fontsUrl)) {
    if (!entry.isFile) continue;
    await copyIfChanged(
      new URL(entry.name, fontsUrl),
      joinPath(fontsDir, entry.name),
    );
    files++;
  }
  return { dir, files };
}

/**
 * Copy unless the target has the source's size already: an unchanged copy
 * keeps its modification time, so the build does not count it as changed.
 */
async function copyIfChanged(from: URL, to: string): Promise<void> {
  const [source, target] = await Promise.all([
    Deno.stat(from),
    Deno.stat(to).catch(() => null),
  ]);
  if (target?.isFile && target.size === source.size) return;
  await Deno.copyFile(from, to);
}

/** The `dist/` folder of the installed katex package, as a file URL. */
function katexDistUrl(): URL {
  const entry = new URL(import.meta.resolve("katex"));
  if (entry.protocol !== "file:") {
    throw new Error(
      `katex must be installed locally (node_modules) to copy its assets; resolved to ${entry.href}`,
    );
  }
  return new URL("./", entry);
}

function joinPath(base: string, relative: string): string {
  const separator = Deno.build.os === "windows" ? "\\" : "/";
  const trimmed = base.endsWith("/") || base.endsWith("\\")
    ? base.slice(0, -1)
    : base;
  return trimmed + separator + relative.replaceAll("/", separator);
}

/**
 * Bundle `live.ts` and `enhance.ts` for the browser into `<staticDir>`, at
 * {@linkcode MARKDOWN_LIVE_PATH} and {@linkcode MARKDOWN_ENHANCE_PATH}
 * (highlight.js languages and KaTeX as lazy chunks beside them). Files
 * whose content did not change are not rewritten, so an unchanged bundle
 * does not make the app's build stale. Returns the files of the bundle.
 */
export async function bundleBrowserMarkdown(
  staticDir: string,
): Promise<string[]> {
  const outDir = joinPath(
    staticDir,
    MARKDOWN_LIVE_PATH.slice(1, MARKDOWN_LIVE_PATH.lastIndexOf("/")),
  );
  const here = (name: string) => fileURLToPath(new URL(name, import.meta.url));
  const esbuild = await import("esbuild");
  const outputs = [];
  try {
    // highlight.js's core is CommonJS. Bundled alone first (its interop
    // helpers inside it) and handed to the enhancer's build as plain ESM,
    // the enhancer's chunks need no shared helpers file: a page with code
    // downloads one file fewer.
    const core = await esbuild.build({
      stdin: {
        contents: 'export { default } from "highlight.js/lib/core";',
        resolveDir: here("./"),
        loader: "js",
      },
      bundle: true,
      format: "esm",
      platform: "browser",
      target: ["es2022"],
      minify: true,
      write: false,
      logLevel: "silent",
    });
    const hljsCore: import("esbuild").Plugin = {
      name: "highlight.js-core-as-esm",
      setup(build) {
        build.onResolve(
          { filter: /^highlight\.js\/lib\/core$/ },
          () => ({ path: "highlight.js-core", namespace: "hljs-core" }),
        );
        build.onLoad({ filter: /.*/, namespace: "hljs-core" }, () => ({
          contents: core.outputFiles[0].text,
          loader: "js",
        }));
      },
    };
    // The renderer is one file: a download that fails is retried whole.
    // The enhancer keeps highlight.js languages and KaTeX as lazy chunks.
    for (
      const [name, splitting] of [["live", false], ["enhance", true]] as const
    ) {
      const result = await esbuild.build({
        entryPoints: { [name]: here(`./${name}.ts`) },
        bundle: true,
        splitting,
        format: "esm",
        platform: "browser",
        target: ["es2022"],
        minify: true,
        outdir: outDir,
        entryNames: "[name]",
        chunkNames: "chunk-[hash]",
        write: false,
        logLevel: "silent",
        alias: { ...MARKDOWN_BROWSER_ALIASES },
        plugins: [hljsCore],
      });
      outputs.push(...result.outputFiles);
    }
  } finally {
    await esbuild.stop();
  }
  await Deno.mkdir(outDir, { recursive: true });
  const names = new Set<string>();
  for (const file of outputs) {
    names.add(file.path.slice(file.path.lastIndexOf("/") + 1));
    const old = await Deno.readFile(file.path).catch(() => null);
    if (old && sameBytes(old, file.contents)) continue;
    await Deno.writeFile(file.path, file.contents);
  }
  for await (const entry of Deno.readDir(outDir)) {
    if (entry.isFile && !names.has(entry.name)) {
      await Deno.remove(joinPath(outDir, entry.name));
    }
  }
  return [...names].sort();
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}
