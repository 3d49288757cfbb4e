/**
 * Stand-in for `jsr:@std/assert` (1.x): the same names, signatures (with
 * the `asserts` type narrowing) and `AssertionError`, written on plain
 * TypeScript and `Deno.inspect`. Switching to the real module is a change
 * of the "@std/assert" line in deno.json.
 *
 * Verified by running tests/std against the real module (1.0.19); as
 * there, `assert(x)` without a message has an empty message, `equal()`
 * compares class instances (errors too) by every own and inherited
 * property, enumerable or not, and `assertRejects` on a function that
 * returns no promise says "Function throws when expected to reject.".
 *
 * Known differences from the real module:
 * - Failure messages keep the real wording, but `assertEquals` and
 *   `assertStrictEquals` show a plain line diff of the inspected values
 *   (no colours, no word-level diff inside a line).
 * - Typed arrays and ArrayBuffers compare by content only (as the real one
 *   does) but without the real module's `Temporal`/`Intl.Locale` rules.
 * - `assertAlmostEquals`' default tolerance is 1e-7 relative to
 *   `expected` for |expected| >= 1, and 1e-7 absolute below that.
 * - Not provided: `assertNever`, `equal`'s sub-path exports
 *   (`@std/assert/equals` etc.); import everything from "@std/assert".
 *
 * @module
 */
export { AssertionError } from "./_assert_error.ts";
export { equal } from "./_assert_equal.ts";
export {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertExists,
  assertFalse,
  assertInstanceOf,
  assertNotEquals,
  assertNotInstanceOf,
  assertNotStrictEquals,
  assertStrictEquals,
  fail,
  unreachable,
} from "./_assert_values.ts";
export type {
  AnyConstructor,
  Falsy,
  GetConstructorType,
} from "./_assert_values.ts";
export {
  assertArrayIncludes,
  assertGreater,
  assertGreaterOrEqual,
  assertLess,
  assertLessOrEqual,
  assertMatch,
  assertNotMatch,
  assertObjectMatch,
  assertStringIncludes,
} from "./_assert_compare.ts";
export type { ArrayLikeArg } from "./_assert_compare.ts";
export {
  assertIsError,
  assertRejects,
  assertThrows,
} from "./_assert_throws.ts";
export type { ErrorClassOf } from "./_assert_throws.ts";
