/**
 * Assertions about order, text and containment: greater/less, regular
 * expression matches, substrings, array members and object subsets.
 * @module
 */
import { AssertionError } from "./_assert_error.ts";
import { equal } from "./_assert_equal.ts";
import { format, suffix } from "./_assert_format.ts";
import { assertEquals } from "./_assert_values.ts";

/** Asserts `actual > expected`. */
export function assertGreater<T>(actual: T, expected: T, msg?: string): void {
  if (actual > expected) return;
  throw new AssertionError(
    msg ?? `Expect ${format(actual)} > ${format(expected)}`,
  );
}

/** Asserts `actual >= expected`. */
export function assertGreaterOrEqual<T>(
  actual: T,
  expected: T,
  msg?: string,
): void {
  if (actual >= expected) return;
  throw new AssertionError(
    msg ?? `Expect ${format(actual)} >= ${format(expected)}`,
  );
}

/** Asserts `actual < expected`. */
export function assertLess<T>(actual: T, expected: T, msg?: string): void {
  if (actual < expected) return;
  throw new AssertionError(
    msg ?? `Expect ${format(actual)} < ${format(expected)}`,
  );
}

/** Asserts `actual <= expected`. */
export function assertLessOrEqual<T>(
  actual: T,
  expected: T,
  msg?: string,
): void {
  if (actual <= expected) return;
  throw new AssertionError(
    msg ?? `Expect ${format(actual)} <= ${format(expected)}`,
  );
}

/** Asserts the string matches the regular expression. */
export function assertMatch(
  actual: string,
  expected: RegExp,
  msg?: string,
): void {
  if (expected.test(actual)) return;
  throw new AssertionError(
    `Expected actual: "${actual}" to match: "${expected}"${suffix(msg)}`,
  );
}

/** Asserts the string does not match the regular expression. */
export function assertNotMatch(
  actual: string,
  expected: RegExp,
  msg?: string,
): void {
  if (!expected.test(actual)) return;
  throw new AssertionError(
    `Expected actual: "${actual}" to not match: "${expected}"${suffix(msg)}`,
  );
}

/** Asserts `actual` contains the substring `expected`. */
export function assertStringIncludes(
  actual: string,
  expected: string,
  msg?: string,
): void {
  if (actual.includes(expected)) return;
  throw new AssertionError(
    `Expected actual: "${actual}" to contain: "${expected}"${suffix(msg)}`,
  );
}

/** An array-like object (arrays, typed arrays, `arguments`). */
export type ArrayLikeArg<T> = ArrayLike<T> & object;

/** Asserts every item of `expected` is deeply equal to some item of `actual`. */
export function assertArrayIncludes<T>(
  actual: ArrayLikeArg<T>,
  expected: ArrayLikeArg<T>,
  msg?: string,
): void {
  const pool = Array.from(actual);
  const missing = Array.from(expected).filter((item) =>
    !pool.some((candidate) => equal(item, candidate))
  );
  if (missing.length === 0) return;
  throw new AssertionError(
    `Expected actual: "${format(actual)}" to include: "${format(expected)}"${
      suffix(msg)
    }\nmissing: ${format(missing)}`,
  );
}

function isPlainRecord(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Map) && !(value instanceof Set) &&
    !(value instanceof Date) && !(value instanceof RegExp);
}

/** `actual` cut down to the shape of `expected`, for subset comparison. */
function cutToShape(actual: unknown, expected: unknown): unknown {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    return actual.map((item, i) =>
      i < expected.length ? cutToShape(item, expected[i]) : item
    );
  }
  if (isPlainRecord(actual) && isPlainRecord(expected)) {
    const out: Record<PropertyKey, unknown> = {};
    const keys = [
      ...Object.keys(expected),
      ...Object.getOwnPropertySymbols(expected),
    ];
    for (const key of keys) {
      if (!(key in actual)) continue;
      out[key] = cutToShape(actual[key], expected[key]);
    }
    return out;
  }
  return actual;
}

/**
 * Asserts `actual` holds at least the properties of `expected`, with equal
 * values, recursively; other properties of `actual` are ignored.
 */
export function assertObjectMatch(
  // deno-lint-ignore no-explicit-any
  actual: Record<PropertyKey, any>,
  expected: Record<PropertyKey, unknown>,
  msg?: string,
): void {
  assertEquals(cutToShape(actual, expected), expected, msg);
}
