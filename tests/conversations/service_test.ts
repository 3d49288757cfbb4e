import { assert, assertEquals, assertRejects } from "@std/assert";
import { readConfig } from "../../lib/config.ts";
import { NotFoundError } from "../../lib/errors.ts";
import { createServices } from "../../lib/services.ts";

async function withServices(
  fn: (services: Awaited<ReturnType<typeof createServices>>) => Promise<void>,
) {
  const dataDir = await Deno.makeTempDir({ prefix: "conversations_" });
  const services = await createServices(
    readConfig({ get: () => undefined }, { dataDir, demoTokenDelayMs: 20 }),
  );
  try {
    await fn(services);
  } finally {
    await services.close();
    await Deno.remove(dataDir, { recursive: true });
  }
}

Deno.test("Conversations service - delete stops the running reply first, then moves the conversation to the trash", async () => {
  await withServices(async ({ conversations, chat }) => {
    const { id } = await conversations.create({ title: "long one" });
    await chat.send(id, { content: "count to 3000" });
    assert(chat.isRunning(id));
    await conversations.delete(id);
    assertEquals(chat.isRunning(id), false);
    const trash = await conversations.trash();
    assertEquals(trash.conversations.map((c) => c.id), [id]);
    assertEquals((await conversations.list({})).conversations, []);
  });
});

Deno.test("Conversations service - an unknown id is a 404 and nothing is stopped or written", async () => {
  await withServices(async ({ conversations }) => {
    const missing = "0190a000-0000-7000-8000-000000000000";
    await assertRejects(() => conversations.delete(missing), NotFoundError);
    await assertRejects(
      () => conversations.export(missing, "json"),
      NotFoundError,
    );
    await assertRejects(() => conversations.stopReply(missing), NotFoundError);
    await assertRejects(
      () => conversations.runningReply(missing),
      NotFoundError,
    );
    assertEquals((await conversations.list({})).conversations, []);
  });
});
