/**
 * File-system routes: reads `routes/` and turns each file into a route
 * pattern, with the `_app`, `_layout`, `_middleware` and `_error`/`_404`
 * files that apply to it.
 *
 * | file                      | path            |
 * | ------------------------- | --------------- |
 * | `index.tsx`               | `/`             |
 * | `c/[id].tsx`              | `/c/:id`        |
 * | `docs/[...rest].tsx`      | `/docs/:rest*`  |
 * | `(group)/about.tsx`       | `/about`        |
 *
 * @module
 */
import { join, relative } from "node:path";
import { toFileUrl } from "./path.ts";
import { compilePath } from "./router.ts";
import type { PageLayer } from "./render.ts";
import type { MiddlewareFn, RouteConfig, RouteHandler } from "./types.ts";

/** What a route file may export. */
export interface RouteModule {
  /** Fresh 2 reads `handlers` first, then `handler`. */
  handlers?: RouteHandler<unknown, unknown>;
  handler?: RouteHandler<unknown, unknown>;
  default?: PageLayer;
  config?: RouteConfig;
}

/** A route file with what applies to it. */
export interface FsRoute {
  /** URL pattern path, e.g. `/c/:id`. */
  path: string;
  module: RouteModule;
  /** `_layout` components, outermost first. */
  layouts: PageLayer[];
}

/** An `_error` / `_404` route that serves a folder and its subfolders. */
export interface FsErrorRoute {
  /** URL prefix of the folder, e.g. `/api`. */
  prefix: string;
  module: RouteModule;
  layouts: PageLayer[];
  /** `_404` handles only not-found; `_error` handles every error. */
  notFoundOnly: boolean;
}

/** Middleware of one folder, applied to every path below it. */
export interface FsMiddleware {
  prefix: string;
  fns: MiddlewareFn<unknown>[];
}

/** Everything read from `routes/`. */
export interface FsRoutes {
  app?: PageLayer;
  routes: FsRoute[];
  errors: FsErrorRoute[];
  middlewares: FsMiddleware[];
}

const ROUTE_FILE = /\.(tsx?|jsx?)$/;

/** `c/[id]` → `/c/:id`; groups vanish, `index` is the folder itself. */
export function filePathToRoute(file: string): string {
  const segments = file.replace(ROUTE_FILE, "").split("/")
    .filter((s) => !/^\(.+\)$/.test(s));
  if (segments.at(-1) === "index") segments.pop();
  const parts = segments.map((s) => {
    const rest = s.match(/^\[\.\.\.(\w+)\]$/);
    if (rest) return `:${rest[1]}*`;
    return s.replace(/\[(\w+)\]/g, ":$1");
  });
  return "/" + parts.join("/");
}

function folderPrefix(folder: string): string {
  return filePathToRoute(folder ? `${folder}/index.ts` : "index.ts");
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await listFiles(path, base));
    else if (ROUTE_FILE.test(entry.name)) files.push(relative(base, path));
  }
  return files.sort();
}

/** Import every file of `dir` and sort them into routes and helpers. */
export async function loadFsRoutes(dir: string): Promise<FsRoutes> {
  const files = (await listFiles(dir)).filter((f) =>
    !/(_test|\.test)\.[tj]sx?$/.test(f)
  );
  const modules = new Map<string, RouteModule>();
  for (const file of files) {
    modules.set(file, await import(toFileUrl(join(dir, file))));
  }
  const folderOf = (file: string) =>
    file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
  const layoutsByFolder = new Map<string, PageLayer>();
  const result: FsRoutes = { routes: [], errors: [], middlewares: [] };
  for (const [file, module] of modules) {
    const name = file.slice(file.lastIndexOf("/") + 1).replace(ROUTE_FILE, "");
    const folder = folderOf(file);
    if (name === "_layout" && module.default) {
      layoutsByFolder.set(folder, module.default);
    }
    if (name === "_app" && folder === "") result.app = module.default;
  }
  const layoutsFor = (folder: string): PageLayer[] => {
    const chain: PageLayer[] = [];
    const parts = folder ? folder.split("/") : [];
    for (let i = 0; i <= parts.length; i++) {
      const layout = layoutsByFolder.get(parts.slice(0, i).join("/"));
      if (layout) chain.push(layout);
    }
    return chain;
  };
  for (const [file, module] of modules) {
    const name = file.slice(file.lastIndexOf("/") + 1).replace(ROUTE_FILE, "");
    const folder = folderOf(file);
    if (name === "_middleware") {
      const mw = module.handlers ?? module.handler ?? module.default;
      const fns = (Array.isArray(mw) ? mw : [mw]) as MiddlewareFn<unknown>[];
      result.middlewares.push({ prefix: folderPrefix(folder), fns });
    } else if (name === "_error" || name === "_404" || name === "_500") {
      result.errors.push({
        prefix: folderPrefix(folder),
        module,
        layouts: layoutsFor(folder),
        notFoundOnly: name === "_404",
      });
    } else if (!name.startsWith("_")) {
      result.routes.push({
        path: module.config?.routeOverride ?? filePathToRoute(file),
        module,
        layouts: module.config?.skipInheritedLayouts ? [] : layoutsFor(folder),
      });
    }
  }
  // Outer folders first, so their middleware runs first.
  result.middlewares.sort((a, b) => a.prefix.length - b.prefix.length);
  return result;
}

const prefixPatterns = new Map<string, RegExp>();

/** True when `pathname` is the folder `prefix` (e.g. `/c/:id`) or below. */
export function underPrefix(pathname: string, prefix: string): boolean {
  let pattern = prefixPatterns.get(prefix);
  if (!pattern) {
    const base = prefix === "/" ? "" : prefix;
    pattern = compilePath(`${base}/:__below*`).pattern;
    prefixPatterns.set(prefix, pattern);
  }
  return pattern.test(pathname);
}
