import { assertEquals, assertRejects } from "@std/assert";
import { lazy } from "../../lib/client/lazy.ts";

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
