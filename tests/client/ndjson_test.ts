import { assertEquals, assertRejects } from "@std/assert";
import { frameBatcher, readNdjson } from "../../lib/client/ndjson.ts";

function responseOf(chunks: string[]): Response {
  const bytes = chunks.map((c) => new TextEncoder().encode(c));
  return new Response(
    new ReadableStream({
      start(controller) {
        for (const b of bytes) controller.enqueue(b);
        controller.close();
      },
    }),
  );
}

Deno.test("NDJSON - lines split across chunks and joined in one chunk", async () => {
  const text = '{"seq":0,"t":"a"}\n{"seq":1,"t":"é✓"}\n{"seq":2,"t":"\\n"}\n';
  const bytes = new TextEncoder().encode(text);
  for (let cut = 0; cut <= bytes.length; cut++) {
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, cut));
        controller.enqueue(bytes.slice(cut));
        controller.close();
      },
    });
    const seen: unknown[] = [];
    await readNdjson(new Response(body), (e) => seen.push(e));
    assertEquals(seen, [{ seq: 0, t: "a" }, { seq: 1, t: "é✓" }, {
      seq: 2,
      t: "\n",
    }], `cut at ${cut}`);
  }
});

Deno.test("NDJSON - a last line without newline still counts; bad JSON rejects", async () => {
  const seen: unknown[] = [];
  await readNdjson(responseOf(['{"a":1}\n', '{"a":2}']), (e) => seen.push(e));
  assertEquals(seen, [{ a: 1 }, { a: 2 }]);
  await assertRejects(
    () => readNdjson(responseOf(["{oops}\n"]), () => {}),
    SyntaxError,
  );
});

Deno.test("NDJSON - frame batcher flushes once for many schedules", async () => {
  let flushes = 0;
  const batcher = frameBatcher(() => flushes++);
  for (let i = 0; i < 100; i++) batcher.schedule();
  await new Promise((r) => setTimeout(r, 40));
  assertEquals(flushes, 1);
  batcher.schedule();
  batcher.flushNow();
  assertEquals(flushes, 2);
  await new Promise((r) => setTimeout(r, 40));
  assertEquals(flushes, 2);
});
