import { assertEquals, assertThrows } from "@std/assert";
import { ReplyRun } from "../../lib/chat/mod.ts";
import { parseLines, readEvents } from "./helpers.ts";

function newRun() {
  return new ReplyRun({
    conversationId: "c",
    messageId: "m",
    userMessageId: "u",
    model: "demo",
  });
}

Deno.test("Reply run - numbers events from 0 and closes on done", async () => {
  const run = newRun();
  assertEquals(run.lastSeq, -1);
  run.emit({ type: "delta", text: "a" });
  run.emit({ type: "delta", text: "b" });
  const done = run.emit({
    type: "done",
    status: "complete",
    finishReason: "stop",
    usage: { promptTokens: 1, completionTokens: 2 },
  });
  assertEquals(done.seq, 2);
  assertEquals(run.text, "ab");
  assertEquals(run.status, "complete");
  assertEquals(await run.finished, "complete");
  assertThrows(() => run.emit({ type: "delta", text: "late" }));
  assertEquals((await readEvents(run.subscribe())).map((e) => e.seq), [
    0,
    1,
    2,
  ]);
  assertEquals((await readEvents(run.subscribe(1))).map((e) => e.seq), [2]);
  assertEquals(await readEvents(run.subscribe(2)), []);
  assertEquals(await readEvents(run.subscribe(99)), []);
});

Deno.test("Reply run - pending events go out as one chunk", async () => {
  const run = newRun();
  for (let i = 0; i < 100; i++) run.emit({ type: "delta", text: `${i} ` });
  const reader = run.subscribe().getReader();
  const first = await reader.read();
  const lines = parseLines(new TextDecoder().decode(first.value));
  assertEquals(lines.length, 100);
  // Live events emitted in one burst are also coalesced.
  const next = reader.read();
  for (let i = 100; i < 150; i++) run.emit({ type: "delta", text: `${i} ` });
  const second = await next;
  assertEquals(parseLines(new TextDecoder().decode(second.value)).length, 50);
  run.emit({ type: "error", status: "error", message: "boom" });
  const third = await reader.read();
  assertEquals(
    parseLines(new TextDecoder().decode(third.value)).at(-1)?.type,
    "error",
  );
  assertEquals((await reader.read()).done, true);
});

Deno.test("Reply run - a cancelled subscription leaves the run and other subscribers alone", async () => {
  const run = newRun();
  const leaving = run.subscribe().getReader();
  const staying = readEvents(run.subscribe());
  const pending = leaving.read();
  run.emit({ type: "delta", text: "x" });
  await pending;
  await leaving.cancel();
  run.emit({ type: "delta", text: "y" });
  run.emit({ type: "error", status: "error", message: "e" });
  assertEquals((await staying).map((e) => e.type), ["delta", "delta", "error"]);
  assertEquals((await leaving.read()).done, true);
});

Deno.test("Reply run - abort fires the signal once, with the reason", () => {
  const run = newRun();
  run.abort("stopped");
  run.abort("interrupted");
  assertEquals(run.signal.aborted, true);
  assertEquals(run.abortReason, "stopped");
});
