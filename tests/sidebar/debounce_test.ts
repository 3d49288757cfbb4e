import { assertEquals } from "@std/assert";
import { debounce } from "../../lib/client/debounce.ts";

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("Debounce - calls once with the latest arguments after a pause", async () => {
  const calls: string[] = [];
  const f = debounce((q: string) => calls.push(q), 20);
  f("a");
  f("ab");
  f("abc");
  assertEquals(calls, []);
  await wait(60);
  assertEquals(calls, ["abc"]);
  f("x");
  await wait(60);
  assertEquals(calls, ["abc", "x"]);
});

Deno.test("Debounce - cancel drops the pending call, flush runs it now", async () => {
  const calls: number[] = [];
  const f = debounce((n: number) => calls.push(n), 20);
  f(1);
  f.cancel();
  await wait(50);
  assertEquals(calls, []);
  f(2);
  f.flush();
  assertEquals(calls, [2]);
  await wait(50);
  assertEquals(calls, [2]);
  f.flush();
  assertEquals(calls, [2]);
});
