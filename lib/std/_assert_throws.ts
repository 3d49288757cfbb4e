/**
 * Assertions about errors: that a function throws, that a promise rejects,
 * and that a value is an error of a given class and message.
 * @module
 */
import { AssertionError } from "./_assert_error.ts";
import { suffix } from "./_assert_format.ts";

/** A constructor of errors, for the error-class overloads. */
// deno-lint-ignore no-explicit-any
export type ErrorClassOf<E> = abstract new (...args: any[]) => E;

function describe(value: unknown): string {
  if (value === null) return "null";
  if (typeof value !== "object") return typeof value;
  return (value as object).constructor?.name ?? "Object";
}

/**
 * Asserts `error` is an `Error`, optionally of class `ErrorClass` and with
 * a message containing (string) or matching (RegExp) `msgMatches`.
 */
export function assertIsError<E extends Error = Error>(
  error: unknown,
  ErrorClass?: ErrorClassOf<E>,
  msgMatches?: string | RegExp,
  msg?: string,
): asserts error is E {
  const tail = suffix(msg);
  if (!(error instanceof Error)) {
    throw new AssertionError(
      `Expected "error" to be an Error object${tail}`,
      { cause: error },
    );
  }
  if (ErrorClass && !(error instanceof ErrorClass)) {
    throw new AssertionError(
      `Expected error to be instance of "${ErrorClass.name}", but was "${
        describe(error)
      }"${tail}`,
      { cause: error },
    );
  }
  if (msgMatches === undefined) return;
  const matches = typeof msgMatches === "string"
    ? error.message.includes(msgMatches)
    : msgMatches.test(error.message);
  if (matches) return;
  throw new AssertionError(
    `Expected error message to include ${
      typeof msgMatches === "string" ? JSON.stringify(msgMatches) : msgMatches
    }, but got ${JSON.stringify(error.message)}${tail}`,
    { cause: error },
  );
}

/** Asserts `fn` throws; returns what was thrown. */
export function assertThrows(fn: () => unknown, msg?: string): unknown;
/**
 * Asserts `fn` throws an `ErrorClass` whose message includes
 * `msgIncludes`; returns the error, typed.
 */
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  ErrorClass: ErrorClassOf<E>,
  msgIncludes?: string,
  msg?: string,
): E;
export function assertThrows<E extends Error = Error>(
  fn: () => unknown,
  errorClassOrMsg?: ErrorClassOf<E> | string,
  msgIncludes?: string,
  msg?: string,
): E | unknown {
  const ErrorClass = typeof errorClassOrMsg === "function"
    ? errorClassOrMsg
    : undefined;
  const message = typeof errorClassOrMsg === "string" ? errorClassOrMsg : msg;
  try {
    fn();
  } catch (error) {
    if (ErrorClass) {
      if (!(error instanceof Error)) {
        throw new AssertionError(
          `A non-Error object was thrown${suffix(message)}`,
          {
            cause: error,
          },
        );
      }
      assertIsError(error, ErrorClass, msgIncludes, message);
    }
    return error;
  }
  throw new AssertionError(`Expected function to throw${suffix(message)}`);
}

/** Asserts the promise from `fn` rejects; resolves to the reason. */
export function assertRejects(
  fn: () => PromiseLike<unknown>,
  msg?: string,
): Promise<unknown>;
/**
 * Asserts the promise from `fn` rejects with an `ErrorClass` whose message
 * includes `msgIncludes`; resolves to the error, typed.
 */
export function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  ErrorClass: ErrorClassOf<E>,
  msgIncludes?: string,
  msg?: string,
): Promise<E>;
export async function assertRejects<E extends Error = Error>(
  fn: () => PromiseLike<unknown>,
  errorClassOrMsg?: ErrorClassOf<E> | string,
  msgIncludes?: string,
  msg?: string,
): Promise<E | unknown> {
  const ErrorClass = typeof errorClassOrMsg === "function"
    ? errorClassOrMsg
    : undefined;
  const message = typeof errorClassOrMsg === "string" ? errorClassOrMsg : msg;
  let promise: PromiseLike<unknown>;
  try {
    promise = fn();
  } catch (error) {
    throw new AssertionError(
      `Function throws when expected to reject${suffix(message)}`,
      { cause: error },
    );
  }
  if (
    promise === null || typeof promise !== "object" ||
    typeof promise.then !== "function"
  ) {
    throw new AssertionError(
      `Function throws when expected to reject${suffix(message)}`,
    );
  }
  try {
    await promise;
  } catch (error) {
    if (ErrorClass) {
      if (!(error instanceof Error)) {
        throw new AssertionError(
          `A non-Error object was rejected${suffix(message)}`,
          { cause: error },
        );
      }
      assertIsError(error, ErrorClass, msgIncludes, message);
    }
    return error;
  }
  throw new AssertionError(`Expected function to reject${suffix(message)}`);
}
