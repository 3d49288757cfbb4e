/**
 * Server-side: copy KaTeX's stylesheet and fonts out of the installed npm
 * package so the app can serve them as static files. Formulas are typeset
 * in the browser, which needs both; the stylesheet refers to its fonts by
 * relative URL, so the two are copied side by side.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { KATEX_CSS_PATH } from "./constants.ts";

export { KATEX_CSS_PATH };

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
