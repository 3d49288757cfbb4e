import { assertEquals, assertRejects } from "@std/assert";
import { lazy, retried } from "../../lib/client/lazy.ts";

Deno.test("Lazy - loads once, and again after a failure", async () => {
  let calls = 0;
  let fail = true;
  const load = lazy(() => {
    calls++;
    return fail ? Promise.reject(new Error("offline")) : Promise.resolve(42);
  });
  await assertRejects(load, Error, "offline");
  fail = false;
  assertEquals(await load(), 42);
  assertEquals(await load(), 42);
  assertEquals(calls, 2);
});

Deno.test("Lazy - retried tries again after a failure, then gives up", async () => {
  let calls = 0;
  const flaky = () =>
    ++calls < 3 ? Promise.reject(new Error("drop")) : Promise.resolve(calls);
  assertEquals(await retried(flaky, { pauseMs: 1 }), 3);
  calls = -10;
  await assertRejects(
    () => retried(flaky, { tries: 2, pauseMs: 1 }),
    Error,
    "drop",
  );
  assertEquals(calls, -8);
});
