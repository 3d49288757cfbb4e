/**
 * Which store the app tests run on: CSV by default, Deno KV with
 * `TEST_STORE=kv` (`TEST_STORE=kv deno test -A --unstable-kv tests/chat`),
 * so the same HTTP tests show both backends serve the same app. (Several
 * tests in tests/api check the CSV files themselves: damaged rows, the
 * index, sessions and presets files; they hold only for CSV.)
 *
 * @module
 */

/** The backend named by `TEST_STORE`, csv when unset. */
export function testStore(): "csv" | "kv" {
  return Deno.env.get("TEST_STORE") === "kv" ? "kv" : "csv";
}
