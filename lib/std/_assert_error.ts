/**
 * The error every failed assertion throws, so test runners and callers can
 * tell a failed check from a crash.
 * @module
 */

/** Thrown by every assertion in `@std/assert` when its check fails. */
export class AssertionError extends Error {
  /** Builds the error; `options.cause` keeps an underlying error. */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "AssertionError";
  }
}
