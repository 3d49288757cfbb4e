/**
 * An error that carries an HTTP status, so a handler or middleware can stop
 * a request with `throw new HttpError(404)` and the app answers with the
 * matching error page (or the nearest `_error` route).
 *
 * @module
 */

const STATUS_TEXT: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  415: "Unsupported Media Type",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

/** An error with an HTTP status code, turned into a response by the app. */
export class HttpError extends Error {
  /** The HTTP status code to answer with. */
  status: number;

  constructor(status: number, message?: string, options?: ErrorOptions) {
    super(message ?? STATUS_TEXT[status] ?? `HTTP ${status}`, options);
    this.name = "HttpError";
    this.status = status;
  }
}
