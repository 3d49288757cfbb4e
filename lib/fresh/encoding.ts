/**
 * Content encoding: which compression a request accepts, which types are
 * worth compressing, and the brotli and gzip files the build writes next
 * to each built asset so that they are compressed once, at the highest
 * level, instead of on every request.
 *
 * @module
 */
import { join } from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

/** An encoding we produce. */
export type Encoding = "br" | "gzip";

/** File suffix of each encoding's precompressed file. */
export const ENCODING_SUFFIX: Record<Encoding, string> = {
  br: ".br",
  gzip: ".gz",
};

/** Bodies smaller than this are sent as they are: compressing gains nothing. */
export const MIN_COMPRESS_BYTES = 1024;

const COMPRESSIBLE =
  /^(text\/(html|css|javascript|plain|markdown|csv|xml)|application\/(json|javascript|xml|manifest\+json)|image\/svg\+xml)\b/i;
const COMPRESSIBLE_FILE = /\.(js|mjs|css|html|json|map|svg|txt|webmanifest)$/i;

/**
 * The best encoding `Accept-Encoding` allows: brotli, then gzip; null when
 * neither is accepted (or the header is missing). Honours `q=0` and `*`.
 */
export function negotiateEncoding(accept: string | null): Encoding | null {
  if (!accept) return null;
  const q = new Map<string, number>();
  for (const part of accept.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q=([0-9.]+)\s*$/.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(name.trim(), Number.isFinite(weight) ? weight : 0);
  }
  const weight = (name: string) => q.get(name) ?? q.get("*") ?? 0;
  const br = weight("br");
  const gzip = Math.max(weight("gzip"), q.has("gzip") ? 0 : weight("x-gzip"));
  if (br > 0 && br >= gzip) return "br";
  if (gzip > 0) return "gzip";
  return null;
}

/**
 * Whether a response of this `Content-Type` is worth compressing. Streams
 * of events (`application/x-ndjson`, `text/event-stream`) are not: each
 * line must leave at once.
 */
export function isCompressible(contentType: string | null): boolean {
  return contentType !== null && COMPRESSIBLE.test(contentType.trim());
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Compress `bytes`; `best` spends more time for fewer bytes (build time). */
export async function compress(
  bytes: Uint8Array,
  encoding: Encoding,
  options: { best?: boolean } = {},
): Promise<Uint8Array<ArrayBuffer>> {
  if (encoding === "br") {
    return new Uint8Array(
      await brotli(bytes, {
        params: {
          [zlib.constants.BROTLI_PARAM_QUALITY]: options.best ? 11 : 5,
          [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      }),
    );
  }
  return new Uint8Array(await gzip(bytes, { level: options.best ? 9 : 6 }));
}

/**
 * Write `<file>.br` and `<file>.gz` beside every compressible file of
 * `dir` (recursively) that is large enough and has none newer than
 * itself. Run by the production build.
 */
export async function precompressDir(dir: string): Promise<number> {
  let written = 0;
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(dir));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return 0;
    throw error;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) {
      written += await precompressDir(path);
      continue;
    }
    if (!entry.isFile || !COMPRESSIBLE_FILE.test(entry.name)) continue;
    const info = await Deno.stat(path);
    if (info.size < MIN_COMPRESS_BYTES) continue;
    let bytes: Uint8Array | null = null;
    for (const encoding of ["br", "gzip"] as const) {
      const target = path + ENCODING_SUFFIX[encoding];
      const done = await Deno.stat(target).catch(() => null);
      if (done?.mtime && info.mtime && done.mtime >= info.mtime) continue;
      bytes ??= await Deno.readFile(path);
      const packed = await compress(bytes, encoding, { best: true });
      if (packed.length >= bytes.length) continue;
      await Deno.writeFile(`${target}.tmp`, packed);
      await Deno.rename(`${target}.tmp`, target);
      written++;
    }
  }
  return written;
}
