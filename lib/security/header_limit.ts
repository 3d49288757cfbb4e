/**
 * A bound on the size of request headers. The HTTP layer refuses only
 * heads of hundreds of KB (and in plain text); a smaller but still absurd
 * head (a 64 KB cookie) gets a clear JSON 431 here before anything reads it.
 *
 * @module
 */
import type { MiddlewareFn } from "fresh";

/** Default largest total of header names and values, in bytes. */
export const MAX_HEADER_BYTES = 32 * 1024;

/** Answer 431 (JSON) when the headers add up to more than `maxBytes`. */
export function limitHeaders<State>(
  maxBytes = MAX_HEADER_BYTES,
): MiddlewareFn<State> {
  return (ctx) => {
    let size = 0;
    for (const [name, value] of ctx.req.headers) {
      size += name.length + value.length + 4;
    }
    if (size <= maxBytes) return ctx.next();
    return Response.json({
      error: `The request headers are too large (over ${
        Math.round(maxBytes / 1024)
      } KB). Clearing this site's cookies may help.`,
    }, { status: 431 });
  };
}
