import {
  assert,
  assertEquals,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";
import { startMain } from "../_helpers/main_process.ts";
import {
  PayloadTooLargeError,
  planImport,
  tooLargeMessage,
  ValidationError,
} from "../../lib/store/mod.ts";
import { readJsonItems } from "../../lib/store/json_stream.ts";

const NO_WAIT = 20_000;

function post(base: string, body: string): Promise<Response> {
  return fetch(`${base}/api/import`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
    signal: AbortSignal.timeout(NO_WAIT),
  });
}

const said = (text: string) => ({
  author: { role: "user" },
  content: { content_type: "text", parts: [text] },
});

Deno.test("Import - cyclic ChatGPT mappings finish and the server keeps answering", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "import_cycle_" });
  // Its own process: a hang there still lets this test time out and fail.
  const { child, base, drained } = await startMain(dataDir);
  try {
    // The file from the report: a node that is its own child, no current_node.
    const selfLoop = await post(
      base,
      '[{"title":"t","mapping":{"r":{"id":"r","parent":null,"children":["r"],"message":null}}}]',
    );
    assertEquals(selfLoop.status, 400);
    const refused = await selfLoop.json();
    assertEquals(refused.imported, []);
    assertStringIncludes(refused.error, "Nothing was imported");

    // A longer cycle through children and parents, with messages on it.
    const loop = await post(
      base,
      JSON.stringify([{
        title: "Loop",
        mapping: {
          a: { id: "a", parent: null, children: ["b"], message: said("one") },
          b: { id: "b", parent: "a", children: ["c"], message: said("two") },
          c: { id: "c", parent: "b", children: ["a"], message: said("three") },
        },
      }, {
        title: "Parents in a ring",
        current_node: "x",
        mapping: {
          x: { id: "x", parent: "y", children: [], message: said("x") },
          y: { id: "y", parent: "x", children: [], message: said("y") },
        },
      }]),
    );
    assertEquals(loop.status, 201);
    const report = await loop.json();
    assertEquals(report.imported.map((c: { title: string }) => c.title), [
      "Loop",
      "Parents in a ring",
    ]);
    const loopMessages = await fetch(
      `${base}/api/conversations/${report.imported[0].id}`,
      { signal: AbortSignal.timeout(NO_WAIT) },
    ).then((r) => r.json());
    assertEquals(
      loopMessages.messages.map((m: { content: string }) => m.content),
      ["one", "two", "three"],
    );
    assertEquals(report.imported[1].messages, 2);

    const models = await fetch(`${base}/api/models`, {
      signal: AbortSignal.timeout(NO_WAIT),
    });
    assertEquals(models.status, 200);
    await models.body?.cancel();
    child.kill("SIGTERM");
    assertEquals((await child.status).code, 0);
  } finally {
    try {
      child.kill("SIGKILL");
    } catch { /* already ended */ }
    await child.status;
    await drained;
    await Deno.remove(dataDir, { recursive: true });
  }
});

/** A ChatGPT export of `count` small two-message conversations. */
function chatGptFile(count: number): string {
  const items = [];
  for (let c = 0; c < count; c++) {
    items.push({
      title: `Chat ${c}`,
      current_node: "b",
      mapping: {
        a: { id: "a", parent: null, children: ["b"], message: said(`q${c}`) },
        b: {
          id: "b",
          parent: "a",
          children: [],
          message: {
            author: { role: "assistant" },
            content: { content_type: "text", parts: ["x".repeat(2_000)] },
          },
        },
      },
    });
  }
  return JSON.stringify(items);
}

Deno.test("Import - other requests are answered while a large file is parsed", async () => {
  const app = await startApp();
  try {
    const file = chatGptFile(1_000); // about 2.3 MB
    let parsed = 0;
    let answeredAt = -1;
    let probe: Promise<void> | null = null;
    const plan = await planImport(file, {
      onProgress(chars) {
        parsed = chars;
        probe ??= fetch(`${app.base}/api/models`).then(async (r) => {
          assertEquals(r.status, 200);
          await r.body?.cancel();
          answeredAt = parsed;
        });
      },
    });
    await probe;
    assertEquals(plan.conversations.length, 1_000);
    // The other request was answered before the parse was over.
    assert(answeredAt >= 0, "the other request was sent during the parse");
    assert(
      answeredAt < file.length,
      `answered after ${answeredAt} of ${file.length} characters`,
    );
  } finally {
    await app.close();
  }
});

Deno.test("Import - hostile files get a clear 400 or 413 and store nothing", async () => {
  const app = await startApp();
  try {
    const send = async (body: BodyInit, type = "application/json") => {
      const response = await fetch(`${app.base}/api/import`, {
        method: "POST",
        headers: { "content-type": type },
        body,
      });
      return { status: response.status, error: (await response.json()).error };
    };
    assertEquals(await send("[".repeat(100_000)), {
      status: 400,
      error: "The file nests values more than 64 levels deep",
    });
    assertEquals(
      await send(`[{"title":"t","mapping":{}}, ${"[".repeat(70)}`),
      { status: 400, error: "The file nests values more than 64 levels deep" },
    );
    const truncated = await send(chatGptFile(3).slice(0, -20));
    assertEquals(truncated.status, 400);
    assert(truncated.error.startsWith("The file is not valid JSON"));
    assertEquals((await send("[]")).status, 415);
    assertEquals(
      (await send(new Uint8Array([0x5b, 0xff, 0xfe, 0x5d]))).error,
      "The file is not UTF-8 text",
    );
    const list = await fetch(`${app.base}/api/conversations`);
    assertEquals((await list.json()).conversations, []);
  } finally {
    await app.close();
  }
});

Deno.test("Import - a stream over the size limit is refused as soon as it passes it", async () => {
  const chunk = new TextEncoder().encode(`[${" ".repeat(64 * 1024)}`);
  let pulled = 0;
  const endless = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled++;
      controller.enqueue(chunk);
    },
  });
  const error = await assertRejects(
    () => planImport(endless, { maxBytes: 1024 * 1024 }),
    PayloadTooLargeError,
  );
  assertEquals(error.message, tooLargeMessage(1024 * 1024));
  assert(pulled <= 20, `read ${pulled} chunks of 64 KB`);
});

Deno.test("Import - the values of one conversation are bounded", async () => {
  const items: unknown[] = [];
  const slices = async function* () {
    yield '[{"a":[1,2,3]}, {"b":[';
    yield "1,".repeat(50) + "1]}]";
  };
  await assertRejects(
    () =>
      readJsonItems(slices(), {
        maxValues: 20,
        onItem: (item) => items.push(item),
      }),
    ValidationError,
    "Conversation 2 of the file holds more than 20 values",
  );
  assertEquals(items, [{ a: [1, 2, 3] }]);
});
