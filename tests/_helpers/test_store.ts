/**
 * Which store the app tests run on: CSV by default, Deno KV with
 * `TEST_STORE=kv` (`TEST_STORE=kv deno test -A tests/chat tests/api`), so
 * the same HTTP tests show both backends serve the same app.
 *
 * @module
 */

/** The backend named by `TEST_STORE`, csv when unset. */
export function testStore(): "csv" | "kv" {
  return Deno.env.get("TEST_STORE") === "kv" ? "kv" : "csv";
}
