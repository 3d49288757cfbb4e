/**
 * `staticFiles()`: serves the build output (`_fresh/static`) and the
 * project's `static/` folder. Content-hashed bundles and URLs made with
 * `asset()` are cached for a year; everything else is revalidated by ETag.
 *
 * @module
 */
import { extname, join, normalize } from "node:path";
import { JS_PREFIX } from "./build_cache.ts";
import type { Context } from "./context.ts";
import { ENCODING_SUFFIX, negotiateEncoding } from "./encoding.ts";
import { ASSET_CACHE_BUST_KEY } from "./runtime.ts";
import type { MiddlewareFn } from "./types.ts";

const CONTENT_TYPES: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".html": "text/html; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".webmanifest": "application/manifest+json",
};

/** Immutable caching, for URLs whose content can never change. */
export const IMMUTABLE = "public, max-age=31536000, immutable";

async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const entry of Deno.readDir(dir)) {
      const path = `${prefix}/${entry.name}`;
      if (entry.isDirectory) {
        out.push(...await listFiles(join(dir, entry.name), path));
      } else if (entry.isFile) out.push(path);
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  return out;
}

/**
 * URL path → file, for every file of the folders (earlier folders win).
 * Built once: a request for a page then costs no file system call.
 */
async function indexFiles(dirs: string[]): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const dir of dirs) {
    for (const path of await listFiles(dir)) {
      if (!files.has(path)) files.set(path, join(dir, path));
    }
  }
  return files;
}

async function findFile(
  files: Map<string, string>,
  pathname: string,
): Promise<{ path: string; info: Deno.FileInfo } | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0") || decoded.includes("\\")) return null;
  // Only names found by listing the folders are served: no path from the
  // URL ever reaches the file system.
  const path = files.get(normalize(decoded));
  if (!path) return null;
  const info = await Deno.stat(path).catch(() => null);
  return info?.isFile ? { path, info } : null;
}

/**
 * Serve static files before any route; other requests pass through. The
 * folders are listed once (in development mode, on every request, so that
 * new files show up).
 */
export function staticFiles<State>(): MiddlewareFn<State> {
  let index: Promise<Map<string, string>> | null = null;
  return async (ctx: Context<State>) => {
    const method = ctx.req.method;
    if (method !== "GET" && method !== "HEAD") return ctx.next();
    // A path ending in "/" names a folder and only files are served: the
    // first page ("/") does not wait for the folders to be listed.
    if (ctx.url.pathname.endsWith("/")) return ctx.next();
    const dirs = ctx.build?.staticDirs() ?? [];
    if (!index || ctx.config.mode === "development") index = indexFiles(dirs);
    const found = await findFile(await index, ctx.url.pathname);
    if (!found) return ctx.next();
    const { info } = found;
    let { path } = found;
    let etag = `W/"${info.size.toString(36)}-${
      (info.mtime?.getTime() ?? 0).toString(36)
    }"`;
    const headers = new Headers({
      "content-type": CONTENT_TYPES[extname(path).toLowerCase()] ??
        "application/octet-stream",
      "vary": "accept-encoding",
    });
    // The build writes brotli and gzip copies beside its assets.
    let size = info.size;
    const encoding = negotiateEncoding(ctx.req.headers.get("accept-encoding"));
    const packed = encoding &&
      await findFile(await index, ctx.url.pathname + ENCODING_SUFFIX[encoding]);
    if (encoding && packed) {
      path = packed.path;
      size = packed.info.size;
      etag = `${etag.slice(0, -1)}-${encoding}"`;
      headers.set("content-encoding", encoding);
    }
    headers.set("etag", etag);
    const hashed = ctx.url.pathname.startsWith(JS_PREFIX) ||
      ctx.url.searchParams.has(ASSET_CACHE_BUST_KEY);
    headers.set("cache-control", hashed ? IMMUTABLE : "no-cache");
    if (ctx.req.headers.get("if-none-match") === etag) {
      return new Response(null, { status: 304, headers });
    }
    headers.set("content-length", String(size));
    if (method === "HEAD") return new Response(null, { headers });
    const file = await Deno.open(path, { read: true });
    return new Response(file.readable, { headers });
  };
}
