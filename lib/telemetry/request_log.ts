/**
 * One JSON line per request when `LOG_FORMAT=json`: time, method, path,
 * status, duration to the response head, and the reply id of a streamed
 * reply (its `X-Message-Id`), for log collectors. Query strings are left
 * out (search terms are the person's words).
 *
 * @module
 */
import type { Middleware } from "fresh";

/** A request's log line. */
export interface RequestLogLine {
  time: string;
  level: "info" | "error";
  msg: "request";
  method: string;
  path: string;
  status: number;
  duration_ms: number;
  reply_id?: string;
}

/** Build the log line of a finished request (response head sent). */
export function requestLogLine(
  req: Request,
  response: Response,
  startedMs: number,
  now: () => number = () => performance.now(),
): RequestLogLine {
  const line: RequestLogLine = {
    time: new Date().toISOString(),
    level: response.status >= 500 ? "error" : "info",
    msg: "request",
    method: req.method,
    path: new URL(req.url).pathname,
    status: response.status,
    duration_ms: Math.round((now() - startedMs) * 10) / 10,
  };
  const reply = response.headers.get("x-message-id");
  if (reply) line.reply_id = reply;
  return line;
}

/**
 * The middleware: with `LOG_FORMAT=json` it writes `requestLogLine` for
 * every request to stdout; otherwise it only passes the request on.
 */
export function requestLog<
  S extends { services: { config: { logFormat: string } } },
>(
  write: (line: string) => void = console.log,
): Middleware<S> {
  return async (ctx) => {
    if (ctx.state.services.config.logFormat !== "json") return await ctx.next();
    const started = performance.now();
    try {
      const response = await ctx.next();
      write(JSON.stringify(requestLogLine(ctx.req, response, started)));
      return response;
    } catch (error) {
      write(JSON.stringify(
        requestLogLine(ctx.req, new Response(null, { status: 500 }), started),
      ));
      throw error;
    }
  };
}
