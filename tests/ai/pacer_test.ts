import { assertEquals, assertGreaterOrEqual, assertLess } from "@std/assert";
import { sleepUntil } from "../../lib/ai/pacer.ts";

Deno.test("Pacer - sleepers due in the same millisecond share one timer", async () => {
  const original = globalThis.setTimeout;
  let timers = 0;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    timers++;
    return original(...args);
  }) as typeof setTimeout;
  try {
    const due = performance.now() + 30;
    const woke: number[] = [];
    await Promise.all(
      Array.from(
        { length: 200 },
        () => sleepUntil(due).done.then(() => woke.push(performance.now())),
      ),
    );
    assertEquals(woke.length, 200);
    for (const at of woke) assertGreaterOrEqual(at, Math.floor(due));
    assertEquals(timers, 1);
  } finally {
    globalThis.setTimeout = original;
  }
});

Deno.test("Pacer - a past time resolves at once; cancel wakes early and frees the timer", async () => {
  await sleepUntil(performance.now() - 5).done;
  const started = performance.now();
  const sleep = sleepUntil(started + 10_000);
  setTimeout(() => sleep.cancel(), 5);
  await sleep.done;
  assertLess(performance.now() - started, 1000);
  // No timer is left behind: the test sanitizer would fail otherwise.
});
