import {
  assertEquals,
  assertInstanceOf,
  assertLess,
  assertRejects,
} from "@std/assert";
import { createGuardedFetch, ProviderTimeoutError } from "../../lib/ai/mod.ts";

function serveSlowBody(gapMs: number) {
  const hangUps: number[] = [];
  const encoder = new TextEncoder();
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      let i = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          return new Promise((resolve) => {
            timer = setTimeout(() => {
              controller.enqueue(encoder.encode(`chunk${i++};`));
              if (i === 5) controller.close();
              resolve();
            }, i === 0 ? 0 : gapMs);
          });
        },
        cancel() {
          clearTimeout(timer);
          hangUps.push(performance.now());
        },
      });
      return new Response(body, {
        status: 201,
        headers: { "x-test": "yes" },
      });
    },
  );
  return { url: `http://127.0.0.1:${server.addr.port}/`, server, hangUps };
}

Deno.test("Guarded fetch - passes status, headers and body through", async () => {
  const { url, server } = serveSlowBody(5);
  try {
    const response = await createGuardedFetch()(url);
    assertEquals(response.status, 201);
    assertEquals(response.headers.get("x-test"), "yes");
    assertEquals(
      await response.text(),
      "chunk0;chunk1;chunk2;chunk3;chunk4;",
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("Guarded fetch - idle timeout errors the body and hangs up", async () => {
  const { url, server, hangUps } = serveSlowBody(2000);
  try {
    const response = await createGuardedFetch({ idleTimeoutMs: 100 })(url);
    const started = performance.now();
    const error = await assertRejects(() => response.text());
    assertInstanceOf(error, ProviderTimeoutError);
    assertEquals(error.phase, "idle");
    assertLess(performance.now() - started, 1000);
    while (hangUps.length === 0) await new Promise((r) => setTimeout(r, 10));
  } finally {
    await server.shutdown();
  }
});

Deno.test("Guarded fetch - abort while reading closes the connection", async () => {
  const { url, server, hangUps } = serveSlowBody(50);
  try {
    const controller = new AbortController();
    const response = await createGuardedFetch()(url, {
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    const abortedAt = performance.now();
    controller.abort();
    await assertRejects(() => reader.read());
    while (hangUps.length === 0 && performance.now() - abortedAt < 1000) {
      await new Promise((r) => setTimeout(r, 5));
    }
    assertEquals(hangUps.length, 1);
    assertLess(hangUps[0] - abortedAt, 1000);
  } finally {
    await server.shutdown();
  }
});

Deno.test("Guarded fetch - connect timeout when headers never come", async () => {
  let release!: () => void;
  const held = new Promise<void>((r) => release = r);
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    async () => {
      await held;
      return new Response("late");
    },
  );
  try {
    const error = await assertRejects(() =>
      createGuardedFetch({ connectTimeoutMs: 100 })(
        `http://127.0.0.1:${server.addr.port}/`,
      )
    );
    assertInstanceOf(error, ProviderTimeoutError);
    assertEquals(error.phase, "connect");
  } finally {
    release();
    await server.shutdown();
  }
});
