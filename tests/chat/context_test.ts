import { assertEquals } from "@std/assert";
import { buildContext, loadTurnFiles } from "../../lib/chat/mod.ts";
import type { Attachment } from "../../lib/api/attachments.ts";
import { NotFoundError } from "../../lib/errors.ts";
import type { Message, Role } from "../../lib/store/mod.ts";

function message(role: Role, content: string, status = "complete"): Message {
  return {
    id: crypto.randomUUID(),
    parentId: null,
    role,
    content,
    createdAt: "2025-01-01T00:00:00.000Z",
    completedAt: null,
    status: status as Message["status"],
    model: null,
    finishReason: null,
    promptTokens: null,
    completionTokens: null,
    error: null,
  };
}

Deno.test("Chat context - keeps user and assistant turns with text, in order", () => {
  const turns = buildContext([
    message("user", "a"),
    message("assistant", "b"),
    message("system", "ignored"),
    message("user", "c"),
    message("assistant", "", "error"),
    message("user", "d"),
  ]);
  assertEquals(turns, [
    { role: "user", content: "a" },
    { role: "assistant", content: "b" },
    { role: "user", content: "c" },
    { role: "user", content: "d" },
  ]);
});

Deno.test("Chat context - drops the oldest turns beyond the budget, starts with a user turn", () => {
  const history = [
    message("user", "u".repeat(40)),
    message("assistant", "a".repeat(40)),
    message("user", "v".repeat(40)),
    message("assistant", "b".repeat(40)),
    message("user", "last"),
  ];
  const turns = buildContext(history, { budgetChars: 130 });
  assertEquals(turns.map((t) => t.content[0]), ["v", "b", "l"]);
  // The system prompt counts against the budget.
  const tighter = buildContext(history, {
    budgetChars: 130,
    system: "s".repeat(50),
  });
  assertEquals(tighter.map((t) => t.content[0]), ["l"]);
  // The newest message is always sent.
  assertEquals(
    buildContext([message("user", "x".repeat(500))], { budgetChars: 10 })
      .length,
    1,
  );
});

Deno.test("Chat context - files count against the budget; a message of files alone is kept", async () => {
  const text: Attachment = {
    id: crypto.randomUUID(),
    name: "big.txt",
    mediaType: "text/plain; charset=utf-8",
    kind: "text",
    size: 900,
  };
  const history = [
    message("user", "old question"),
    { ...message("user", ""), attachments: [text] },
  ];
  const turns = buildContext(history, { budgetChars: 905 });
  assertEquals(turns.length, 1, "the old turn no longer fits");
  assertEquals(turns[0].files, [{ attachment: text }]);
  assertEquals(buildContext(history, { budgetChars: 2000 }).length, 2);
  const loaded = await loadTurnFiles(turns, {
    read: () => Promise.reject(new NotFoundError("gone")),
    images: true,
  });
  assertEquals(loaded[0].files?.[0].omitted, "the file is no longer stored");
});
