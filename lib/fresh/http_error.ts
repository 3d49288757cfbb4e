/**
 * An error that carries an HTTP status, so a handler or middleware can stop
 * a request with `throw new HttpError(404)` and the app answers with the
 * matching error page (or the nearest `_error` route).
 *
 * @module
 */

/** @internal Reason phrases, for the plain-text default error response. */
export const STATUS_TEXT: Record<number, string> = {
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

/** Client error statuses (4xx), as `@std/http`'s `ClientErrorStatus`. */
export type ClientErrorStatus =
  | 400
  | 401
  | 402
  | 403
  | 404
  | 405
  | 406
  | 407
  | 408
  | 409
  | 410
  | 411
  | 412
  | 413
  | 414
  | 415
  | 416
  | 417
  | 418
  | 421
  | 422
  | 423
  | 424
  | 425
  | 426
  | 428
  | 429
  | 431
  | 451;

/** Server error statuses (5xx), as `@std/http`'s `ServerErrorStatus`. */
export type ServerErrorStatus =
  | 500
  | 501
  | 502
  | 503
  | 504
  | 505
  | 506
  | 507
  | 508
  | 510
  | 511;

/** Every error status, as `@std/http`'s `ErrorStatus` (Fresh 2's type). */
export type ErrorStatus = ClientErrorStatus | ServerErrorStatus;

/**
 * An error with an HTTP status code, turned into a response by the app.
 * As in Fresh 2, the message is empty unless given (the default error
 * response shows the status text instead).
 */
export class HttpError extends Error {
  /** The HTTP status code to answer with. */
  status: ErrorStatus;

  constructor(status: ErrorStatus, message?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = this.constructor.name;
    this.status = status;
  }
}
