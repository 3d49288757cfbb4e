import { assertEquals } from "@std/assert";
import { startMain } from "../_helpers/main_process.ts";

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
    assertEquals(selfLoop.status, 200);
    assertEquals((await selfLoop.json()).imported, []);

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
