/**
 * Lets esbuild resolve the project's deno.json import map: local entries
 * (`"fresh/runtime": "./lib/fresh/runtime.ts"`) become files, `npm:`
 * entries become package names resolved from `node_modules`.
 *
 * @module
 */
import type * as esbuild from "esbuild";
import { dirname, join, resolve } from "node:path";

/** The `imports` of a deno.json and the folder they are relative to. */
export interface ImportMap {
  base: string;
  imports: Record<string, string>;
}

/**
 * Read `imports` of the nearest `deno.json` at or above `root`, as Deno
 * does for a module in that folder.
 */
export async function readImportMap(root: string): Promise<ImportMap> {
  for (let dir = root;; dir = dirname(dir)) {
    try {
      const text = await Deno.readTextFile(join(dir, "deno.json"));
      return { base: dir, imports: JSON.parse(text).imports ?? {} };
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
    if (dirname(dir) === dir) return { base: root, imports: {} };
  }
}

/** `npm:/preact@1.2.3/hooks` → `preact/hooks`; `@a/b@1` → `@a/b`. */
export function npmToBare(target: string): string {
  const spec = target.slice("npm:".length).replace(/^\/+/, "");
  const scoped = spec.startsWith("@");
  const parts = spec.split("/");
  const nameParts = parts.slice(0, scoped ? 2 : 1);
  nameParts[nameParts.length - 1] = nameParts[nameParts.length - 1]
    .replace(/@[^@]*$/, "");
  return [...nameParts, ...parts.slice(scoped ? 2 : 1)].join("/")
    .replace(/\/$/, "");
}

/** Map a specifier through the import map; undefined when it has no entry. */
export function mapSpecifier(
  imports: Record<string, string>,
  specifier: string,
): string | undefined {
  if (imports[specifier]) return imports[specifier];
  let best = "";
  for (const key of Object.keys(imports)) {
    if (
      key.endsWith("/") && specifier.startsWith(key) && key.length > best.length
    ) {
      best = key;
    }
  }
  return best ? imports[best] + specifier.slice(best.length) : undefined;
}

/** An esbuild plugin that resolves through an import map. */
export function importMapPlugin(map: ImportMap): esbuild.Plugin {
  return {
    name: "deno-import-map",
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === "mapped") return undefined;
        const target = mapSpecifier(map.imports, args.path) ??
          (args.path.startsWith("npm:") ? args.path : undefined);
        if (!target) return undefined;
        if (target.startsWith("npm:")) {
          const result = await build.resolve(npmToBare(target), {
            kind: args.kind,
            resolveDir: map.base,
            pluginData: "mapped",
          });
          return result.errors.length ? { errors: result.errors } : result;
        }
        if (target.startsWith("./") || target.startsWith("../")) {
          return { path: resolve(map.base, target) };
        }
        return undefined;
      });
    },
  };
}
