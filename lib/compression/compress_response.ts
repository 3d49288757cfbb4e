/**
 * Compressing responses by `Accept-Encoding`: pages, styles, scripts and
 * JSON leave as brotli or gzip, often a fifth of their size. Event streams
 * (`application/x-ndjson`) and anything marked `no-transform` are never
 * touched, so a reply's lines leave the moment they are written.
 *
 * @module
 */
import type { MiddlewareFn } from "fresh";
import {
  compress,
  isCompressible,
  MIN_COMPRESS_BYTES,
  negotiateEncoding,
} from "../fresh/encoding.ts";

const UNCHANGED_STATUSES = new Set([101, 204, 206, 304]);

/** The response `response` should become for a client that sent `req`. */
export async function compressResponse(
  req: Request,
  response: Response,
): Promise<Response> {
  const type = response.headers.get("content-type");
  if (!isCompressible(type)) return response;
  if (response.headers.has("content-encoding")) return response;
  const headers = new Headers(response.headers);
  const vary = headers.get("vary");
  if (!vary || !/(^|,)\s*(accept-encoding|\*)\s*(,|$)/i.test(vary)) {
    headers.set("vary", vary ? `${vary}, Accept-Encoding` : "Accept-Encoding");
  }
  const init = { status: response.status, statusText: response.statusText };
  const encoding = negotiateEncoding(req.headers.get("accept-encoding"));
  if (
    !encoding || req.method === "HEAD" || response.body === null ||
    UNCHANGED_STATUSES.has(response.status) ||
    headers.has("content-range") ||
    /no-transform/i.test(headers.get("cache-control") ?? "")
  ) {
    return new Response(response.body, { ...init, headers });
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length < MIN_COMPRESS_BYTES) {
    return new Response(bytes, { ...init, headers });
  }
  const packed = await compress(bytes, encoding);
  headers.set("content-encoding", encoding);
  headers.delete("content-length");
  headers.delete("accept-ranges");
  const etag = headers.get("etag");
  if (etag) headers.set("etag", `${etag.replace(/"$/, "")}-${encoding}"`);
  return new Response(packed, { ...init, headers });
}

/** Middleware: compress what the steps after it answer (see module doc). */
export function compression<State>(): MiddlewareFn<State> {
  return async (ctx) => compressResponse(ctx.req, await ctx.next());
}
