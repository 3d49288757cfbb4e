import { assertEquals } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";
import { sweepTrash } from "../../lib/conversations/mod.ts";
import { openCsvStore } from "../../lib/store/mod.ts";

async function json(response: Response) {
  return response.status === 204 ? null : await response.json();
}

Deno.test("API trash - list, delete forever, empty", async () => {
  const app = await startApp({ trashDays: 30 });
  try {
    const store = app.services.store;
    const ids = [];
    for (const title of ["One", "Two", "Three"]) {
      const c = await store.createConversation({ title });
      await fetch(`${app.base}/api/conversations/${c.id}`, { method: "DELETE" })
        .then((r) => r.body?.cancel());
      ids.push(c.id);
    }
    const listed = await json(await fetch(`${app.base}/api/trash`));
    assertEquals(listed.trashDays, 30);
    assertEquals(
      listed.conversations.map((c: { title: string }) => c.title),
      ["Three", "Two", "One"],
    );
    const gone = await fetch(`${app.base}/api/trash/${ids[0]}`, {
      method: "DELETE",
    });
    assertEquals(gone.status, 204);
    const again = await fetch(`${app.base}/api/trash/${ids[0]}`, {
      method: "DELETE",
    });
    assertEquals(again.status, 404);
    assertEquals(
      (await json(again)).error,
      "Conversation not found in the trash",
    );
    const restore = await fetch(
      `${app.base}/api/conversations/${ids[0]}/restore`,
      { method: "POST" },
    );
    assertEquals(restore.status, 404);
    await restore.body?.cancel();
    const emptied = await fetch(`${app.base}/api/trash`, { method: "DELETE" });
    assertEquals(await json(emptied), { deleted: 2 });
    assertEquals(
      (await json(await fetch(`${app.base}/api/trash`))).conversations,
      [],
    );
    const bad = await fetch(`${app.base}/api/trash/not-an-id`, {
      method: "DELETE",
    });
    assertEquals(bad.status, 404);
    await bad.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("Trash - conversations older than TRASH_DAYS are removed", async () => {
  const dir = await Deno.makeTempDir({ prefix: "trash_sweep_" });
  let clock = Date.parse("2026-01-01T00:00:00Z");
  const store = await openCsvStore({
    dataDir: dir,
    now: () => new Date(clock),
  });
  try {
    const old = await store.createConversation({ title: "Old" });
    await store.deleteConversation(old.id);
    clock += 20 * 86_400_000;
    const recent = await store.createConversation({ title: "Recent" });
    await store.deleteConversation(recent.id);
    const at = (days: number) => () =>
      new Date(Date.parse("2026-01-01T00:00:00Z") + days * 86_400_000);
    assertEquals(await sweepTrash(store, { days: 30, now: at(29) }), 0);
    assertEquals(await sweepTrash(store, { days: 0, now: at(400) }), 0);
    assertEquals(await sweepTrash(store, { days: 30, now: at(31) }), 1);
    assertEquals((await store.listTrash()).map((c) => c.title), ["Recent"]);
    const files = [];
    for await (const f of Deno.readDir(`${dir}/trash`)) files.push(f.name);
    assertEquals(files.some((name) => name.startsWith(old.id)), false);
  } finally {
    await store.close();
    await Deno.remove(dir, { recursive: true });
  }
});
