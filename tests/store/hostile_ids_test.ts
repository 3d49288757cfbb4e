import { assertEquals, assertRejects } from "@std/assert";
import { NotFoundError, openCsvStore } from "../../lib/store/mod.ts";
import { newId } from "../../lib/store/uuid.ts";
import { fsCallsDuring, listTree } from "./_helpers.ts";

const valid = newId();
const HOSTILE = [
  "../../etc/passwd",
  "..",
  "../conversations",
  "%2e%2e%2f",
  "%2e%2e%2fetc%2fpasswd",
  valid.toUpperCase(),
  valid + "\0",
  "\0" + valid.slice(1),
  valid.replace(/-/g, "\\"),
  "..\\..\\windows",
  valid.slice(0, 35) + "/",
  `${valid}/../../x`,
  "a".repeat(100_000),
  "",
  " ",
  valid + ".csv",
  "00000000-0000-4000-8000-000000000000",
  "/etc/passwd",
  "C:\\Windows",
  "LOCK",
  "FORMAT",
];

Deno.test("Hostile ids - rejected as not found before any file access", async () => {
  const parent = await Deno.makeTempDir();
  const dataDir = `${parent}/data`;
  const store = await openCsvStore({ dataDir, log: () => {} });
  try {
    const c = await store.createConversation({ title: "real" });
    const m = await store.appendMessage(c.id, { role: "user", content: "x" });
    const before = await listTree(parent);
    // The spy does see the file access of a real request.
    const real = await fsCallsDuring(() => store.getConversation(c.id));
    assertEquals(real.length > 0, true);
    for (const id of HOSTILE) {
      const attempts: [string, () => Promise<unknown>][] = [
        ["getConversation", () => store.getConversation(id)],
        ["listMessages", () => store.listMessages(id)],
        [
          "updateConversation",
          () => store.updateConversation(id, { title: "x" }),
        ],
        ["deleteConversation", () => store.deleteConversation(id)],
        ["restoreConversation", () => store.restoreConversation(id)],
        [
          "appendMessage",
          () => store.appendMessage(id, { role: "user", content: "x" }),
        ],
        [
          "updateMessage",
          () => store.updateMessage(id, m.id, { content: "x" }),
        ],
        [
          "updateMessage/message",
          () => store.updateMessage(c.id, id, { content: "x" }),
        ],
        ["checkpoint", () => store.checkpoint(id, m.id, "x")],
        ["checkpoint/message", () => store.checkpoint(c.id, id, "x")],
      ];
      for (const [name, attempt] of attempts) {
        await assertRejects(
          attempt,
          NotFoundError,
          undefined,
          `${name}(${JSON.stringify(id).slice(0, 40)})`,
        );
        const calls = await fsCallsDuring(attempt);
        assertEquals(
          calls,
          [],
          `${name} touched files for ${JSON.stringify(id).slice(0, 40)}`,
        );
      }
    }
    assertEquals(await listTree(parent), before);
    assertEquals((await store.listMessages(c.id)).length, 1);
  } finally {
    await store.close();
    await Deno.remove(parent, { recursive: true });
  }
});

Deno.test("Hostile ids - a hostile message id in a body is a validation error", async () => {
  const dataDir = await Deno.makeTempDir();
  const store = await openCsvStore({ dataDir, log: () => {} });
  try {
    const c = await store.createConversation();
    await assertRejects(
      () =>
        store.appendMessage(c.id, {
          id: "../../x",
          role: "user",
          content: "x",
        }),
      Error,
      "id must be a lowercase UUIDv7",
    );
    assertEquals(await store.listMessages(c.id), []);
  } finally {
    await store.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
