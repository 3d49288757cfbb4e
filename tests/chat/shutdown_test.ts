import { assert, assertEquals } from "@std/assert";
import { readNdjson } from "../../lib/client/ndjson.ts";
import { openCsvStore } from "../../lib/store/mod.ts";
import type { ChatEvent } from "../../lib/chat/mod.ts";
import { counted, deltaText } from "./helpers.ts";
import { startMain } from "../_helpers/main_process.ts";

Deno.test("Shutdown - SIGTERM ends a watched reply with a done line and stores it interrupted", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "shutdown_test_" });
  try {
    const { child, base, drained } = await startMain(dataDir);
    const created = await fetch(`${base}/api/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const { id } = await created.json();
    const response = await fetch(`${base}/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: "count to 3000" }),
    });
    assertEquals(response.status, 200);
    const events: ChatEvent[] = [];
    await readNdjson<ChatEvent>(response, (event) => {
      events.push(event);
      if (events.length === 20) child.kill("SIGTERM");
    });
    const status = await child.status;
    await drained;
    assertEquals(status.code, 0);

    const last = events.at(-1);
    assert(last?.type === "done", `last line: ${JSON.stringify(last)}`);
    assertEquals(last.status, "interrupted");
    const text = deltaText(events);
    assert(text.length > 0 && counted(3000).startsWith(text), text);

    const store = await openCsvStore({ dataDir, log: () => {} });
    try {
      const reply = (await store.listMessages(id)).at(-1)!;
      assertEquals(reply.role, "assistant");
      assertEquals(reply.status, "interrupted");
      assertEquals(reply.content, text);
    } finally {
      await store.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
