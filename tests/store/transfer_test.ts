/**
 * `deno task data import|export`: a history goes CSV → KV → CSV through
 * the real command and comes back with the same rows.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { parse } from "@std/csv";
import { newId, openCsvStore } from "../../lib/store/mod.ts";
import type { Attachment } from "../../lib/api/attachments.ts";

const CLI = new URL("../../lib/store/transfer/cli.ts", import.meta.url)
  .pathname;
const CONFIG = new URL("../../deno.json", import.meta.url).pathname;

async function data(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; out: string; err: string }> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-kv", "--config", CONFIG, CLI, ...args],
    env,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return {
    code: result.code,
    out: text.decode(result.stdout),
    err: text.decode(result.stderr),
  };
}

const FILE: Attachment = {
  id: newId(),
  name: "a.txt",
  mediaType: "text/plain; charset=utf-8",
  kind: "text",
  size: 3,
};

/** Index rows (sorted) and every conversation as the CSV store reads it. */
async function snapshot(dir: string) {
  const index = parse(await Deno.readTextFile(`${dir}/conversations.csv`));
  const store = await openCsvStore({ dataDir: dir, log: () => {} });
  try {
    const list = await store.listConversations({ limit: 200 });
    const all = [];
    for (const c of list.conversations) {
      all.push(await store.readConversation(c.id));
    }
    return {
      header: index[0],
      rows: index.slice(1).map((r) => r.join("\u0001")).sort(),
      all,
    };
  } finally {
    await store.close();
  }
}

Deno.test("Data - CSV → KV → CSV gives the same rows", async () => {
  const root = await Deno.makeTempDir({ prefix: "data_move_" });
  const source = `${root}/source`;
  const back = `${root}/back`;
  const env = { STORE: "kv", KV_PATH: `${root}/moved.kv`, NO_COLOR: "1" };
  try {
    const store = await openCsvStore({ dataDir: source, log: () => {} });
    for (let i = 0; i < 7; i++) {
      const c = await store.createConversation({
        title: `Chat ${i}, "quoted"`,
        systemPrompt: i === 3 ? "Be brief.\nVery." : "",
        temperature: i === 2 ? 0.4 : null,
        model: i % 2 ? "demo" : null,
      });
      const attachments = i === 6 ? [FILE] : undefined;
      if (attachments) {
        await store.putAttachment(c.id, FILE, new TextEncoder().encode("hi!"));
      }
      await store.appendMessage(c.id, {
        role: "user",
        content: `=Q${i}\r\n`,
        attachments,
      });
      const r = await store.appendMessage(c.id, {
        role: "assistant",
        content: "",
        status: "streaming",
      });
      await store.updateMessage(c.id, r.id, {
        content: i === 4 ? "長".repeat(90_000) : `answer ${i}`,
        status: i === 5 ? "stopped" : "complete",
        promptTokens: i,
        completionTokens: 2 * i,
      });
      if (i === 1) await store.updateConversation(c.id, { pinned: true });
    }
    await store.close();

    const imported = await data(["import", source], env);
    assertEquals(imported.code, 0, imported.err);
    assertStringIncludes(
      imported.out,
      "Imported 7 conversations with 14 messages into Deno KV",
    );
    const again = await data(["import", source], env);
    assertEquals(again.code, 0, again.err);
    assertStringIncludes(again.out, "7 were already there");

    const exported = await data(["export", back], env);
    assertEquals(exported.code, 0, exported.err);
    assertStringIncludes(
      exported.out,
      "Exported 7 conversations with 14 messages from Deno KV",
    );
    const [a, b] = [await snapshot(source), await snapshot(back)];
    assertEquals(b.header, a.header);
    assertEquals(b.rows, a.rows);
    assertEquals(b.all, a.all);
    assertEquals(a.all.length, 7);
    // The attached file made the trip too.
    const withFile = a.all.find((c) => c.messages[0].attachments)!;
    const moved = await openCsvStore({ dataDir: back, log: () => {} });
    try {
      const file = await moved.readAttachment(
        withFile.conversation.id,
        FILE.id,
      );
      assertEquals(new TextDecoder().decode(file.bytes), "hi!");
    } finally {
      await moved.close();
    }
    assert(a.all[0].conversation.pinned);

    // Refused: exporting over a folder that has a history.
    const over = await data(["export", back], env);
    assertEquals(over.code, 2);
    assertStringIncludes(over.err, "is not empty");
    const usage = await data(["move", back], env);
    assertEquals(usage.code, 2);
    assertStringIncludes(usage.err, "deno task data export DIR");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
