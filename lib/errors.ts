/**
 * Errors that carry the HTTP status a route should answer with, so that
 * library code can say what went wrong without knowing about HTTP and the
 * routes can turn any of them into `{ "error": message }` in one place.
 *
 * Messages are sentences meant for a person: "Conversation not found",
 * "title must be at most 200 characters".
 *
 * @module
 */
import type { ConflictReason } from "./api/mod.ts";

/** Base of every error the app expects; `status` is the HTTP status to use. */
export class AppError extends Error {
  /** HTTP status code a route answers with for this error. */
  readonly status: number;

  /** Create an error with a human message and the HTTP status it maps to. */
  constructor(message: string, status = 500, options?: ErrorOptions) {
    super(message, options);
    this.name = "AppError";
    this.status = status;
  }
}

/** Something asked for does not exist (or its id is not a valid id): 404. */
export class NotFoundError extends AppError {
  /** Create a 404 error, e.g. `new NotFoundError("Conversation not found")`. */
  constructor(message = "Not found", options?: ErrorOptions) {
    super(message, 404, options);
    this.name = "NotFoundError";
  }
}

/** Input that breaks a rule; `field` names the offending field: 400. */
export class ValidationError extends AppError {
  /** Name of the field that is invalid, when there is one. */
  readonly field?: string;

  /** Create a 400 error naming the invalid field. */
  constructor(
    message: string,
    options: ErrorOptions & { field?: string } = {},
  ) {
    super(message, 400, options);
    this.name = "ValidationError";
    this.field = options.field;
  }
}

/**
 * The request clashes with the current state (a reply already running): 409.
 * `reason` names another cause a client acts on (see `ConflictReason`).
 */
export class ConflictError extends AppError {
  /** What the clash is, when not a running reply; sent in the body. */
  readonly reason?: ConflictReason;

  /** Create a 409 error. */
  constructor(
    message: string,
    options: ErrorOptions & { reason?: ConflictReason } = {},
  ) {
    super(message, 409, options);
    this.name = "ConflictError";
    this.reason = options.reason;
  }
}

/** A body or field exceeds the size the server accepts: 413. */
export class PayloadTooLargeError extends AppError {
  /** Create a 413 error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 413, options);
    this.name = "PayloadTooLargeError";
  }
}

/** A body in a format the endpoint cannot read: 415. */
export class UnsupportedMediaTypeError extends AppError {
  /** Create a 415 error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, 415, options);
    this.name = "UnsupportedMediaTypeError";
  }
}

/** Whether a value is one of the app's own errors (and so has a `status`). */
export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
