/**
 * Assertions about single values: truthiness, equality, existence, type,
 * nearness. Each throws `AssertionError` with a message that shows the
 * values involved.
 * @module
 */
import { AssertionError } from "./_assert_error.ts";
import { equal } from "./_assert_equal.ts";
import { diffMessage, format, suffix } from "./_assert_format.ts";

/** Values that are falsy in JavaScript. */
export type Falsy = false | 0 | 0n | "" | null | undefined;

/** Any constructor, for `assertInstanceOf`. */
// deno-lint-ignore no-explicit-any
export type AnyConstructor = abstract new (...args: any[]) => any;

/** Instance type of a constructor. */
export type GetConstructorType<T extends AnyConstructor> = InstanceType<T>;

/** Asserts `expr` is truthy; narrows its type. */
export function assert(expr: unknown, msg = ""): asserts expr {
  if (!expr) {
    throw new AssertionError(msg);
  }
}

/** Asserts `expr` is falsy; narrows its type. */
export function assertFalse(expr: unknown, msg = ""): asserts expr is Falsy {
  if (expr) throw new AssertionError(msg);
}

/** Asserts deep equality; the message carries a line diff. */
export function assertEquals<T>(actual: T, expected: T, msg?: string): void {
  if (equal(actual, expected)) return;
  throw new AssertionError(
    `Values are not equal${suffix(msg)}\n\n${diffMessage(actual, expected)}`,
  );
}

/** Asserts the values are not deeply equal. */
export function assertNotEquals<T>(actual: T, expected: T, msg?: string): void {
  if (!equal(actual, expected)) return;
  throw new AssertionError(
    `Expected actual: ${format(actual)} not to be: ${format(expected)}${
      suffix(msg)
    }`,
  );
}

/** Asserts `Object.is` identity; narrows `actual` to the expected type. */
export function assertStrictEquals<T>(
  actual: unknown,
  expected: T,
  msg?: string,
): asserts actual is T {
  if (Object.is(actual, expected)) return;
  const head = `Values are not strictly equal${suffix(msg)}`;
  const same = format(actual) === format(expected);
  throw new AssertionError(
    same
      ? `${head}\n\nValues have the same structure but are not reference-equal:\n\n${
        format(actual).split("\n").map((line) => `    ${line}`).join("\n")
      }\n`
      : `${head}\n\n${diffMessage(actual, expected)}`,
  );
}

/** Asserts the values are not identical (`Object.is`). */
export function assertNotStrictEquals<T>(
  actual: T,
  expected: T,
  msg?: string,
): void {
  if (!Object.is(actual, expected)) return;
  throw new AssertionError(
    `Expected "actual" to not be strictly equal to: ${format(expected)}${
      suffix(msg)
    }`,
  );
}

/** Asserts the value is neither null nor undefined; narrows its type. */
export function assertExists<T>(
  actual: T,
  msg?: string,
): asserts actual is NonNullable<T> {
  if (actual !== undefined && actual !== null) return;
  throw new AssertionError(
    `Expected actual: "${actual}" to not be null or undefined${suffix(msg)}`,
  );
}

/** Asserts `actual` is an instance of `expectedType`; narrows its type. */
export function assertInstanceOf<T extends AnyConstructor>(
  actual: unknown,
  expectedType: T,
  msg = "",
): asserts actual is GetConstructorType<T> {
  if (actual instanceof expectedType) return;
  const wanted = expectedType.name || "<anonymous>";
  let got: string;
  if (actual === null) got = "null";
  else if (actual === undefined) got = "undefined";
  else if (typeof actual === "object") {
    got = (actual as object).constructor?.name ?? "Object";
  } else got = typeof actual;
  throw new AssertionError(
    msg ||
      `Expected object to be an instance of "${wanted}" but was "${got}".`,
  );
}

/** Asserts `actual` is not an instance of `unexpectedType`. */
export function assertNotInstanceOf<A, T>(
  actual: A,
  // deno-lint-ignore no-explicit-any
  unexpectedType: abstract new (...args: any[]) => T,
  msg?: string,
): asserts actual is Exclude<A, T> {
  if (!(actual instanceof unexpectedType)) return;
  throw new AssertionError(
    msg ||
      `Expected object to not be an instance of "${unexpectedType.name}".`,
  );
}

function number(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toExponential();
}

/**
 * Asserts two numbers differ by at most `tolerance` (default: 1e-7
 * relative to `expected`, at least 1e-7), for floating-point results.
 */
export function assertAlmostEquals(
  actual: number,
  expected: number,
  tolerance?: number,
  msg?: string,
): void {
  if (Object.is(actual, expected)) return;
  const allowed = tolerance ??
    (Math.abs(expected) >= 1 ? Math.abs(expected) * 1e-7 : 1e-7);
  const delta = Math.abs(expected - actual);
  if (delta <= allowed) return;
  throw new AssertionError(
    `Expected actual: "${number(actual)}" to be close to "${
      number(expected)
    }": delta "${number(delta)}" is greater than "${number(allowed)}"${
      suffix(msg)
    }`,
  );
}

/** Fails unconditionally; for branches a test must not reach. */
export function fail(msg?: string): never {
  throw new AssertionError(`Failed assertion${suffix(msg)}`);
}

/** Marks code that must never run; throws if it does. */
export function unreachable(msg?: string): never {
  throw new AssertionError(msg ?? "Unreachable");
}
