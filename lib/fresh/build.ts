/**
 * The build: bundles the client runtime and one entry per island file with
 * esbuild (shared chunks split out), runs the static-file transforms (e.g.
 * Tailwind), and writes the snapshot and `server.js` into the output
 * folder, as `deno task build` does in Fresh 2.
 *
 * @module
 */
import type * as esbuild from "esbuild";
import { isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildSnapshot, JS_PREFIX } from "./build_cache.ts";
import { precompressDir } from "./encoding.ts";
import { importMapPlugin, readImportMap } from "./import_map.ts";
import {
  type StaticTransform,
  transformStaticFiles,
} from "./file_transformer.ts";

/** Options of `new Builder(options)` (the subset of Fresh 2's used here). */
export interface BuildOptions {
  /** esbuild target of the browser bundles. Default `es2022`. */
  target?: string | string[];
  /** Project root (path or `file:` URL); default the working folder. */
  root?: string;
  /** Build output, relative to root. Default `_fresh`. */
  outDir?: string;
  /** Folder(s) of static files, relative to root; first match wins. */
  staticDir?: string | string[];
  /** Default `islands`. */
  islandDir?: string;
  /** Default `routes`. */
  routeDir?: string;
  /** The module exporting `app`, imported by `server.js`. Default `main.ts`. */
  serverEntry?: string;
  /** Files of the islands folder to skip. Default: test files. */
  ignore?: RegExp[];
}

/** The Builder's configuration with every default filled in. */
export interface ResolvedBuildConfig {
  target: string | string[];
  root: string;
  outDir: string;
  staticDir: string[];
  islandDir: string;
  routeDir: string;
  serverEntry: string;
  ignore: RegExp[];
  mode: "development" | "production";
}

const TEST_FILE = /(_test|\.test)\.[tj]sx?$/;

function dirPath(path: string, root: string): string {
  if (path.startsWith("file:")) return fileURLToPath(path);
  return isAbsolute(path) ? path : join(root, path);
}

/** Fill in defaults; every folder becomes an absolute path. */
export function resolveBuildConfig(
  options: BuildOptions = {},
): ResolvedBuildConfig {
  const root = dirPath(options.root ?? ".", Deno.cwd()).replace(/\/+$/, "") ||
    "/";
  const staticDir = options.staticDir ?? "static";
  return {
    target: options.target ?? "es2022",
    root,
    outDir: dirPath(options.outDir ?? "_fresh", root),
    staticDir: (Array.isArray(staticDir) ? staticDir : [staticDir])
      .map((d) => dirPath(d, root)),
    islandDir: dirPath(options.islandDir ?? "islands", root),
    routeDir: dirPath(options.routeDir ?? "routes", root),
    serverEntry: dirPath(options.serverEntry ?? "main.ts", root),
    ignore: options.ignore ?? [TEST_FILE],
    mode: "production",
  };
}

/** Folders (besides the configured ones) whose files make a build stale. */
const SOURCE_DIRS = ["components", "lib"];
const SOURCE_FILE = /\.(tsx?|jsx?|css|json)$/;
const ISLAND_FILE = /\.(tsx?|jsx?)$/;

async function* walk(dir: string): AsyncGenerator<string> {
  let entries: Deno.DirEntry[];
  try {
    entries = [];
    for await (const entry of Deno.readDir(dir)) entries.push(entry);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory) yield* walk(path);
    else if (entry.isFile) yield path;
  }
}

export { walk as walkFiles };

/** List island files, relative to the islands folder, sorted. */
export async function listIslandFiles(
  config: ResolvedBuildConfig,
): Promise<string[]> {
  const files: string[] = [];
  for await (const path of walk(config.islandDir)) {
    if (ISLAND_FILE.test(path) && !config.ignore.some((re) => re.test(path))) {
      files.push(relative(config.islandDir, path));
    }
  }
  return files;
}

/** Digest of path, size and mtime of every source file. */
export async function sourceFingerprint(
  config: ResolvedBuildConfig,
): Promise<string> {
  const parts: string[] = [config.mode];
  const dirs = new Set([
    config.islandDir,
    config.routeDir,
    ...config.staticDir,
    ...SOURCE_DIRS.map((d) => join(config.root, d)),
  ]);
  for (const dir of dirs) {
    for await (const path of walk(dir)) {
      if (!SOURCE_FILE.test(path) || path.startsWith(config.outDir)) continue;
      const info = await Deno.stat(path);
      parts.push(`${path}:${info.size}:${info.mtime?.getTime()}`);
    }
  }
  for (const name of ["deno.json", "fresh.config.ts", "dev.ts"]) {
    const info = await Deno.stat(join(config.root, name)).catch(() => null);
    if (info) parts.push(`${name}:${info.size}:${info.mtime?.getTime()}`);
  }
  return await digest(parts.join("\n"));
}

async function digest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest(
    "SHA-256",
    new TextEncoder().encode(text),
  );
  return Array.from(new Uint8Array(bytes).slice(0, 8))
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** Where a build keeps its snapshot, for a quick staleness check. */
function snapshotJsonPath(config: ResolvedBuildConfig): string {
  return join(config.outDir, "snapshot.json");
}

// esbuild runs one service per process; builds in one process take turns.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Delete bundles that the new build did not write, once they are a few
 * minutes old: a page served by a server that still runs the previous
 * build (another process, a test) can go on loading its chunks.
 */
async function removeStaleBundles(jsDir: string, outputs: string[]) {
  const keep = new Set(
    outputs.map((out) => out.slice(out.lastIndexOf("/") + 1)),
  );
  const cutoff = Date.now() - 5 * 60_000;
  for await (const entry of Deno.readDir(jsDir)) {
    if (!entry.isFile || keep.has(entry.name)) continue;
    const path = join(jsDir, entry.name);
    const info = await Deno.stat(path).catch(() => null);
    if (info?.mtime && info.mtime.getTime() < cutoff) {
      await Deno.remove(path).catch(() => {});
    }
  }
}

/** Bundle islands, transform static files, write snapshot and server.js. */
export function build(
  config: ResolvedBuildConfig,
  transforms: StaticTransform[],
): Promise<BuildSnapshot> {
  const run = queue.then(() => buildNow(config, transforms));
  queue = run.catch(() => {});
  return run;
}

async function buildNow(
  config: ResolvedBuildConfig,
  transforms: StaticTransform[],
): Promise<BuildSnapshot> {
  const fingerprint = await sourceFingerprint(config);
  const outDir = join(config.outDir, "static");
  const jsDir = join(outDir, JS_PREFIX);
  const islandFiles = await listIslandFiles(config);
  const entryPoints: Record<string, string> = {
    boot: fileURLToPath(new URL("./client/boot.ts", import.meta.url)),
  };
  const entryNames = new Map<string, string>();
  islandFiles.forEach((file, i) => {
    const name = `island-${
      file.replace(/\.[^.]+$/, "").replace(/[^a-zA-Z0-9]+/g, "_")
    }-${i}`;
    entryPoints[name] = join(config.islandDir, file);
    entryNames.set(name, file);
  });
  const production = config.mode === "production";
  // esbuild is loaded only when a build runs, not by every server start.
  const esbuild = await import("esbuild");
  let result: esbuild.BuildResult<{ metafile: true; write: true }>;
  try {
    result = await esbuild.build({
      entryPoints,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "browser",
      target: config.target,
      outdir: jsDir,
      entryNames: "[name]-[hash]",
      chunkNames: "chunk-[hash]",
      minify: production,
      sourcemap: production ? false : "linked",
      jsx: "automatic",
      jsxImportSource: "preact",
      metafile: true,
      write: true,
      logLevel: "silent",
      define: {
        "process.env.NODE_ENV": JSON.stringify(config.mode),
      },
      absWorkingDir: config.root,
      plugins: [importMapPlugin(await readImportMap(config.root))],
    });
  } finally {
    await esbuild.stop();
  }

  const rel = (path: string) => relative(config.root, path) || ".";
  const snapshot: BuildSnapshot = {
    buildId: "",
    fingerprint,
    mode: config.mode,
    boot: "",
    islands: {},
    islandDir: rel(config.islandDir),
    routeDir: rel(config.routeDir),
    staticDirs: config.staticDir.map(rel),
    outDir: rel(config.outDir),
  };
  const hashes: string[] = [];
  for (const [out, meta] of Object.entries(result.metafile.outputs)) {
    if (!out.endsWith(".js")) continue;
    const url = JS_PREFIX + out.slice(out.lastIndexOf("/") + 1);
    hashes.push(url);
    const source = meta.entryPoint && resolve(config.root, meta.entryPoint);
    const entry = Object.entries(entryPoints).find(([, path]) =>
      path === source
    );
    if (!entry) continue;
    if (entry[0] === "boot") snapshot.boot = url;
    else snapshot.islands[entryNames.get(entry[0])!] = url;
  }
  await removeStaleBundles(jsDir, Object.keys(result.metafile.outputs));
  hashes.push(
    ...await transformStaticFiles(transforms, {
      dirs: config.staticDir,
      outDir,
      skipDir: config.outDir,
      mode: config.mode,
      target: config.target,
      root: config.root,
    }),
  );
  if (production) await precompressDir(outDir);
  snapshot.buildId = await digest(hashes.sort().join("\n") + fingerprint);
  await writeServerFiles(config, snapshot);
  return snapshot;
}

/** Write `snapshot.js`, `snapshot.json` and `server.js` into the output. */
async function writeServerFiles(
  config: ResolvedBuildConfig,
  snapshot: BuildSnapshot,
): Promise<void> {
  await Deno.mkdir(config.outDir, { recursive: true });
  const json = JSON.stringify(snapshot, null, 2);
  await Deno.writeTextFile(snapshotJsonPath(config), json);
  await Deno.writeTextFile(
    join(config.outDir, "snapshot.js"),
    `// Written by the build; do not edit.\nexport const snapshot = ${json};\n`,
  );
  let entry = relative(config.outDir, config.serverEntry);
  if (!entry.startsWith(".")) entry = `./${entry}`;
  const root = relative(config.outDir, config.root) || ".";
  await Deno.writeTextFile(
    join(config.outDir, "server.js"),
    [
      "// Written by the build; do not edit. `deno serve` can serve it.",
      'import { ProdBuildCache, setBuildCache } from "fresh/internal";',
      'import * as snapshot from "./snapshot.js";',
      `import { app } from ${JSON.stringify(entry)};`,
      "",
      `const root = new URL(${JSON.stringify(root + "/")}, import.meta.url);`,
      'setBuildCache(app, new ProdBuildCache(root, snapshot), "production");',
      "",
      "export default { fetch: app.handler() };",
      "",
    ].join("\n"),
  );
}

/**
 * The snapshot on disk when it was built from the current sources in this
 * mode, else a new build. Lets tests share the build `deno task build` made.
 */
export async function loadOrBuild(
  config: ResolvedBuildConfig,
  transforms: StaticTransform[],
): Promise<BuildSnapshot> {
  try {
    const snapshot = JSON.parse(
      await Deno.readTextFile(snapshotJsonPath(config)),
    ) as BuildSnapshot;
    if (
      snapshot.mode === config.mode &&
      snapshot.fingerprint === await sourceFingerprint(config) &&
      await exists(join(config.outDir, "server.js"))
    ) {
      return snapshot;
    }
  } catch (error) {
    if (
      !(error instanceof Deno.errors.NotFound) &&
      !(error instanceof SyntaxError)
    ) {
      throw error;
    }
  }
  return await build(config, transforms);
}

async function exists(path: string): Promise<boolean> {
  return await Deno.stat(path).then(() => true, () => false);
}
