import { assertEquals, assertGreaterOrEqual } from "@std/assert";
import { Checkpointer } from "../../lib/chat/mod.ts";

Deno.test("Checkpointer - saves the newest text at most once per interval", async () => {
  let text = "";
  const saves: { at: number; content: string }[] = [];
  let interval = 60;
  const checkpointer = new Checkpointer({
    read: () => text,
    save: (content) => {
      saves.push({ at: performance.now(), content });
      return Promise.resolve();
    },
    intervalMs: () => interval,
  });
  const started = performance.now();
  for (let i = 0; i < 20; i++) {
    text += `${i} `;
    checkpointer.touch();
    await new Promise((r) => setTimeout(r, 10));
  }
  // Stretch the interval: the next save waits longer.
  interval = 150;
  text += "end";
  checkpointer.touch();
  await new Promise((r) => setTimeout(r, 200));
  await checkpointer.close();
  assertGreaterOrEqual(saves[0].at - started, 55);
  for (let i = 1; i < saves.length; i++) {
    assertGreaterOrEqual(saves[i].at - saves[i - 1].at, 55);
  }
  assertEquals(saves.at(-1)?.content.endsWith("end"), true);
  // Nothing new, nothing written.
  const count = saves.length;
  checkpointer.touch();
  await new Promise((r) => setTimeout(r, 80));
  assertEquals(saves.length, count);
});

Deno.test("Checkpointer - close waits for a save in progress; failures are reported", async () => {
  let release!: () => void;
  const errors: unknown[] = [];
  let finished = false;
  const checkpointer = new Checkpointer({
    read: () => "x",
    save: () =>
      new Promise<void>((resolve) => release = resolve).then(() => {
        finished = true;
        throw new Error("disk full");
      }),
    intervalMs: 0,
    onError: (error) => errors.push(error),
  });
  checkpointer.touch();
  await new Promise((r) => setTimeout(r, 10));
  const closing = checkpointer.close();
  release();
  await closing;
  assertEquals(finished, true);
  assertEquals((errors[0] as Error).message, "disk full");
});
