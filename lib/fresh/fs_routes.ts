/**
 * File-system routes: reads `routes/` and turns each file into a route
 * pattern, with the `_app`, `_layout`, `_middleware` and `_error`/`_404`
 * files that apply to it.
 *
 * As in Fresh 2, a page or API route is lazy: its module is imported when
 * a request first matches it, so a start-up does not load every route and
 * everything they import. A route file whose source names `routeOverride`
 * is imported at once (its path is in its module); so are `_app`,
 * `_layout`, `_middleware` and the error routes, which every request may
 * need.
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
  /** The module; `undefined` until a lazy route's first match loads it. */
  module: RouteModule | undefined;
  /**
   * Import the module: once, however many requests wait for it. A failed
   * import is tried again by the next request, as Fresh 2's lazy routes.
   */
  load(): Promise<RouteModule>;
  /** `_layout` components of its folders, outermost first. */
  layouts: PageLayer[];
}

/** The layouts that wrap a loaded route (none with `skipInheritedLayouts`). */
export function routeLayouts(route: FsRoute): PageLayer[] {
  return route.module?.config?.skipInheritedLayouts ? [] : route.layouts;
}

function fsRoute(
  url: string,
  init: { path: string; layouts: PageLayer[]; module?: RouteModule },
): FsRoute {
  let loading: Promise<RouteModule> | null = null;
  const route: FsRoute = {
    path: init.path,
    layouts: init.layouts,
    module: init.module,
    load() {
      if (route.module) return Promise.resolve(route.module);
      loading ??= import(url).then(
        (module: RouteModule) => route.module = module,
        (error) => {
          loading = null;
          throw error;
        },
      );
      return loading;
    },
  };
  return route;
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

const nameOf = (file: string) =>
  file.slice(file.lastIndexOf("/") + 1).replace(ROUTE_FILE, "");

/**
 * True for a page or API route that can wait for its first request: as
 * Fresh 2's crawler decides, one whose source does not name
 * `routeOverride`.
 */
async function isLazy(dir: string, file: string): Promise<boolean> {
  if (nameOf(file).startsWith("_")) return false;
  const code = await Deno.readTextFile(join(dir, file));
  return !code.includes("routeOverride");
}

/**
 * Read `dir` and sort its files into routes and helpers; import the
 * helpers and the routes that cannot wait (see the module's note).
 */
export async function loadFsRoutes(dir: string): Promise<FsRoutes> {
  const files = (await listFiles(dir)).filter((f) =>
    !/(_test|\.test)\.[tj]sx?$/.test(f)
  );
  const lazy = await Promise.all(files.map((file) => isLazy(dir, file)));
  const modules = new Map<string, RouteModule | undefined>();
  for (const [i, file] of files.entries()) {
    modules.set(
      file,
      lazy[i] ? undefined : await import(toFileUrl(join(dir, file))),
    );
  }
  const folderOf = (file: string) =>
    file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : "";
  const layoutsByFolder = new Map<string, PageLayer>();
  const result: FsRoutes = { routes: [], errors: [], middlewares: [] };
  for (const [file, module] of modules) {
    const name = nameOf(file);
    const folder = folderOf(file);
    if (name === "_layout" && module?.default) {
      layoutsByFolder.set(folder, module.default);
    }
    if (name === "_app" && folder === "") result.app = module?.default;
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
    const name = nameOf(file);
    const folder = folderOf(file);
    if (!module) {
      result.routes.push(fsRoute(toFileUrl(join(dir, file)), {
        path: filePathToRoute(file),
        layouts: layoutsFor(folder),
      }));
    } else if (name === "_middleware") {
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
      result.routes.push(fsRoute(toFileUrl(join(dir, file)), {
        path: module.config?.routeOverride ?? filePathToRoute(file),
        layouts: layoutsFor(folder),
        module,
      }));
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
