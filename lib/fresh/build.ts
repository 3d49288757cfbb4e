/**
 * The build: bundles the client runtime and one entry per island file with
 * esbuild (shared chunks split out), runs plugins such as Tailwind, and
 * writes a manifest. The server builds at start-up when the manifest is
 * missing or older than the sources, so `deno task start` just works.
 *
 * @module
 */
import type * as esbuild from "esbuild";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ResolvedFreshConfig } from "./config.ts";
import { importMapPlugin, readImportMap } from "./import_map.ts";

/** What a build plugin gets to know. */
export interface BuildPluginContext {
  root: string;
  /** Files written here are served as static files, before `static/`. */
  staticOutDir: string;
  mode: "development" | "production";
}

/** A step of the build, e.g. compiling CSS. */
export interface BuildPlugin {
  name: string;
  build(ctx: BuildPluginContext): Promise<void>;
}

/** What the server needs from a build. */
export interface BuildManifest {
  /** Changes with every distinct build; part of asset URLs. */
  buildId: string;
  /** Digest of the sources the build was made from. */
  fingerprint: string;
  mode: "development" | "production";
  /** URL of the client runtime. */
  boot: string;
  /** Island file (relative to `islands/`) → URL of its bundle. */
  islands: Record<string, string>;
}

/** Folders whose files decide whether a build is stale. */
const SOURCE_DIRS = ["islands", "components", "routes", "static", "lib"];
const SOURCE_FILE = /\.(tsx?|jsx?|css|json)$/;
const ISLAND_FILE = /\.(tsx?|jsx?)$/;

/** URL prefix of bundled scripts; files there are content-hashed. */
export const JS_PREFIX = "/_fresh/js/";

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

/** List island files, relative to the islands folder, sorted. */
export async function listIslandFiles(root: string): Promise<string[]> {
  const dir = join(root, "islands");
  const files: string[] = [];
  for await (const path of walk(dir)) {
    if (ISLAND_FILE.test(path) && !/(_test|\.test)\.[tj]sx?$/.test(path)) {
      files.push(relative(dir, path));
    }
  }
  return files;
}

/** Digest of path, size and mtime of every source file. */
export async function sourceFingerprint(
  config: ResolvedFreshConfig,
): Promise<string> {
  const parts: string[] = [config.mode];
  const dirs = [...SOURCE_DIRS.map((d) => join(config.root, d))];
  for (const dir of dirs) {
    for await (const path of walk(dir)) {
      if (!SOURCE_FILE.test(path) || path.startsWith(config.buildDir)) continue;
      const info = await Deno.stat(path);
      parts.push(`${path}:${info.size}:${info.mtime?.getTime()}`);
    }
  }
  for (const name of ["deno.json", "fresh.config.ts"]) {
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

function manifestPath(config: ResolvedFreshConfig): string {
  return join(config.buildDir, "manifest.json");
}

/** The static output folder of a build. */
export function staticOutDir(config: ResolvedFreshConfig): string {
  return join(config.buildDir, "static");
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

/** Bundle islands, run plugins and write the manifest. */
export function build(config: ResolvedFreshConfig): Promise<BuildManifest> {
  const run = queue.then(() => buildNow(config));
  queue = run.catch(() => {});
  return run;
}

async function buildNow(config: ResolvedFreshConfig): Promise<BuildManifest> {
  const fingerprint = await sourceFingerprint(config);
  const outDir = staticOutDir(config);
  const jsDir = join(outDir, JS_PREFIX);
  const islandFiles = await listIslandFiles(config.root);
  const entryPoints: Record<string, string> = {
    boot: fileURLToPath(new URL("./client/boot.ts", import.meta.url)),
  };
  const entryNames = new Map<string, string>();
  islandFiles.forEach((file, i) => {
    const name = `island-${
      file.replace(/\.[^.]+$/, "").replace(/[^a-zA-Z0-9]+/g, "_")
    }-${i}`;
    entryPoints[name] = join(config.root, "islands", file);
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
      target: ["es2022"],
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
      alias: config.alias,
      plugins: [importMapPlugin(await readImportMap(config.root))],
    });
  } finally {
    await esbuild.stop();
  }

  const manifest: BuildManifest = {
    buildId: "",
    fingerprint,
    mode: config.mode,
    boot: "",
    islands: {},
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
    if (entry[0] === "boot") manifest.boot = url;
    else manifest.islands[entryNames.get(entry[0])!] = url;
  }
  await removeStaleBundles(jsDir, Object.keys(result.metafile.outputs));
  await Promise.all(
    config.plugins.map((plugin) =>
      plugin.build({
        root: config.root,
        staticOutDir: outDir,
        mode: config.mode,
      })
    ),
  );
  manifest.buildId = await digest(hashes.sort().join("\n") + fingerprint);
  await Deno.mkdir(config.buildDir, { recursive: true });
  await Deno.writeTextFile(
    manifestPath(config),
    JSON.stringify(manifest, null, 2),
  );
  return manifest;
}

/** Read the manifest when it matches the sources, else build anew. */
export async function loadOrBuild(
  config: ResolvedFreshConfig,
): Promise<BuildManifest> {
  try {
    const manifest = JSON.parse(
      await Deno.readTextFile(manifestPath(config)),
    ) as BuildManifest;
    if (
      manifest.mode === config.mode &&
      manifest.fingerprint === await sourceFingerprint(config)
    ) {
      return manifest;
    }
  } catch (error) {
    if (
      !(error instanceof Deno.errors.NotFound) &&
      !(error instanceof SyntaxError)
    ) {
      throw error;
    }
  }
  return await build(config);
}
