import { signal } from "@preact/signals";
import { assert, assertEquals, assertExists } from "@std/assert";
import { ConversationApi } from "../../lib/client/conversation_api.ts";
import { takePendingUndo } from "../../lib/client/pending_undo.ts";
import { SidebarModel } from "../../lib/client/sidebar_model.ts";
import type { Toast } from "../../lib/client/toasts.ts";
import type { WorkspaceMessage } from "../../lib/client/workspace.ts";
import type { Conversation } from "../../lib/store/types.ts";
import { startApp } from "../_helpers/app_server.ts";

/** A model on the first page of a real server, recording what it sends. */
async function setup(base: string, options: { activeId?: string } = {}) {
  const api = new ConversationApi({ base });
  const first = await api.list();
  const sent: WorkspaceMessage[] = [];
  const visited: string[] = [];
  const stored = new Map<string, string>();
  const storage = {
    getItem: (k: string) => stored.get(k) ?? null,
    setItem: (k: string, v: string) => void stored.set(k, v),
    removeItem: (k: string) => void stored.delete(k),
  };
  const shared = {
    conversations: signal<Conversation[]>(first.conversations),
    activeId: signal<string | null>(options.activeId ?? null),
    toasts: signal<Toast[]>([]),
  };
  const model = new SidebarModel(shared, {
    api,
    nextCursor: first.nextCursor,
    query: "",
    navigate: (url) => visited.push(url),
    storage,
    broadcast: (m) => sent.push(m),
  });
  const titles = () => shared.conversations.value.map((c) => c.title);
  const toastTexts = () => shared.toasts.value.map((t) => t.text);
  return { api, model, shared, sent, visited, storage, titles, toastTexts };
}

Deno.test("Sidebar model - loads further pages until the end, without duplicates", async () => {
  const app = await startApp();
  try {
    for (let i = 0; i < 120; i++) {
      await app.services.store.createConversation({ title: `Chat ${i}` });
    }
    const { model, shared } = await setup(app.base);
    const firstPage = shared.conversations.value.length;
    assert(firstPage < 120, "the server pages the list");
    assertExists(model.cursor.value);
    while (model.cursor.value) await model.loadMore();
    const ids = shared.conversations.value.map((c) => c.id);
    assertEquals(ids.length, 120);
    assertEquals(new Set(ids).size, 120);
    // Nothing more to load: a further call asks nothing and changes nothing.
    await model.loadMore();
    assertEquals(shared.conversations.value.length, 120);
  } finally {
    await app.close();
  }
});

Deno.test("Sidebar model - search shows matches; the latest search wins; empty shows all", async () => {
  const app = await startApp();
  try {
    const store = app.services.store;
    await store.createConversation({ title: "Trip to Lisbon" });
    await store.createConversation({ title: "Tax return" });
    const notes = await store.createConversation({ title: "Notes" });
    await store.appendMessage(notes.id, {
      role: "user",
      content: "remember the lisbon tram",
    });
    const { model, titles } = await setup(app.base);
    await model.search("lisbon");
    assertEquals(titles().sort(), ["Notes", "Trip to Lisbon"]);
    assertEquals(model.announcement.value, "2 conversations found.");
    // Two searches in flight: the first is cancelled, the second shows.
    const older = model.search("lisbon");
    const newer = model.search("tax");
    await Promise.all([older, newer]);
    assertEquals(titles(), ["Tax return"]);
    assertEquals(model.query.value, "tax");
    assertEquals(model.searching.value, false);
    await model.search("nothing like this");
    assertEquals(titles(), []);
    assertEquals(
      model.announcement.value,
      "No conversations match “nothing like this”.",
    );
    await model.search("");
    assertEquals(titles().length, 3);
  } finally {
    await app.close();
  }
});

Deno.test("Sidebar model - rename and pin reach the server and other tabs", async () => {
  const app = await startApp();
  try {
    const chat = await app.services.store.createConversation({ title: "Old" });
    const { model, sent, titles, shared, toastTexts } = await setup(app.base);
    await model.rename(chat.id, "  New name ");
    assertEquals(titles(), ["New name"]);
    assertEquals(
      (await app.services.store.getConversation(chat.id)).title,
      "New name",
    );
    assertEquals(sent.length, 1);
    assertEquals(sent[0].type, "conversation");
    // Unchanged or blank titles ask nothing.
    await model.rename(chat.id, "New name");
    await model.rename(chat.id, "   ");
    assertEquals(sent.length, 1);
    await model.setPinned(chat.id, true);
    assertEquals(shared.conversations.value[0].pinned, true);
    assertEquals(
      (await app.services.store.getConversation(chat.id)).pinned,
      true,
    );
    await model.setPinned(chat.id, false);
    assertEquals(
      (await app.services.store.getConversation(chat.id)).pinned,
      false,
    );
    // A title the server refuses: the old one comes back, with the reason.
    await model.rename(chat.id, "x".repeat(5000));
    assertEquals(titles(), ["New name"]);
    assertEquals(toastTexts().length, 1);
    assert(toastTexts()[0].startsWith("Could not rename the conversation: "));
    assertEquals(shared.toasts.value[0].kind, "error");
  } finally {
    await app.close();
  }
});

Deno.test("Sidebar model - delete offers an undo that restores it", async () => {
  const app = await startApp();
  try {
    const keep = await app.services.store.createConversation({ title: "Keep" });
    const gone = await app.services.store.createConversation({ title: "Gone" });
    const { model, sent, titles, shared, visited } = await setup(app.base, {
      activeId: keep.id,
    });
    assert(await model.remove(gone.id));
    assertEquals(titles(), ["Keep"]);
    assertEquals(sent, [{ type: "deleted", id: gone.id }]);
    assertEquals(visited, []);
    const toast = shared.toasts.value.at(-1)!;
    assertEquals(toast.text, "Deleted “Gone”.");
    assertEquals(toast.action?.label, "Undo");
    toast.action!.run();
    for (let i = 0; i < 100 && titles().length < 2; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    assertEquals(titles().sort(), ["Gone", "Keep"]);
    assertEquals(
      (await app.services.store.getConversation(gone.id)).title,
      "Gone",
    );
    assertEquals(shared.toasts.value.at(-1)!.text, "Restored “Gone”.");
    // Deleting something already gone says why.
    await app.services.store.deleteConversation(gone.id);
    assertEquals(await model.remove(gone.id), false);
    assertEquals(shared.toasts.value.at(-1)!.kind, "error");
  } finally {
    await app.close();
  }
});

Deno.test("Sidebar model - deleting the open conversation goes to / and keeps the undo", async () => {
  const app = await startApp();
  try {
    const open = await app.services.store.createConversation({ title: "Open" });
    const { model, visited, storage, shared } = await setup(app.base, {
      activeId: open.id,
    });
    assert(await model.remove(open.id));
    assertEquals(visited, ["/"]);
    assertEquals(shared.toasts.value, []);
    const undo = takePendingUndo(storage);
    assertEquals(undo, { id: open.id, title: "Open" });
    // The next page offers it; Undo brings it back.
    const next = await setup(app.base);
    next.model.offerUndo(undo!);
    assertEquals(await next.model.restore(undo!).then((c) => c?.id), open.id);
    assertEquals(next.titles(), ["Open"]);
  } finally {
    await app.close();
  }
});

Deno.test("Sidebar model - import shows the new conversations and says how many", async () => {
  const app = await startApp();
  try {
    const { model, titles, toastTexts, shared } = await setup(app.base);
    const csv = "role,content\r\nuser,Hello there\r\nassistant,Hi!\r\n";
    const file = new File([csv], "greetings.csv", { type: "text/csv" });
    assertEquals(await model.importFile(file), 1);
    assertEquals(titles(), ["greetings"]);
    assertEquals(toastTexts(), ["Imported 1 conversation from greetings.csv."]);
    assertEquals(shared.toasts.value[0].kind, "success");
    assertEquals(model.importing.value, false);
    // A file that is none of the formats: nothing changes, the reason shows.
    const bad = new File(["just some text"], "notes.txt", {
      type: "text/plain",
    });
    assertEquals(await model.importFile(bad), 0);
    assertEquals(titles(), ["greetings"]);
    const last = shared.toasts.value.at(-1)!;
    assertEquals(last.kind, "error");
    assert(last.text.startsWith("Could not import notes.txt: "), last.text);
  } finally {
    await app.close();
  }
});

Deno.test("Sidebar model - applies what other tabs send", async () => {
  const app = await startApp();
  try {
    const a = await app.services.store.createConversation({ title: "A" });
    const { model, titles, shared } = await setup(app.base, { activeId: a.id });
    const b = await app.services.store.createConversation({ title: "B" });
    model.receive({ type: "conversation", conversation: b });
    assertEquals(titles().sort(), ["A", "B"]);
    const renamed = await app.services.store.updateConversation(b.id, {
      title: "B2",
    });
    model.receive({ type: "conversation", conversation: renamed });
    // A late, older copy does not undo the rename.
    model.receive({ type: "conversation", conversation: b });
    assertEquals(titles().sort(), ["A", "B2"]);
    model.receive({ type: "deleted", id: b.id });
    assertEquals(titles(), ["A"]);
    assertEquals(shared.toasts.value, []);
    model.receive({ type: "deleted", id: a.id });
    assertEquals(titles(), []);
    assertEquals(shared.toasts.value.length, 1);
  } finally {
    await app.close();
  }
});

Deno.test("Sidebar model - while searching, news from other tabs and imports join only if they match", async () => {
  const app = await startApp();
  try {
    const store = app.services.store;
    const trip = await store.createConversation({ title: "Trip to Porto" });
    const { model, titles } = await setup(app.base);
    await model.search("porto");
    assertEquals(titles(), ["Trip to Porto"]);
    // Another tab creates one that does not match, then one that does.
    const other = await store.createConversation({ title: "Groceries" });
    model.receive({ type: "conversation", conversation: other });
    await waitUntilIdle(model);
    assertEquals(titles(), ["Trip to Porto"]);
    const match = await store.createConversation({ title: "Porto wine" });
    model.receive({ type: "conversation", conversation: match });
    await waitUntilIdle(model);
    assertEquals(titles().sort(), ["Porto wine", "Trip to Porto"]);
    // A rename of a shown result still applies in place.
    const renamed = await store.updateConversation(trip.id, {
      title: "Trip to Porto in May",
    });
    model.receive({ type: "conversation", conversation: renamed });
    assertEquals(titles().sort(), ["Porto wine", "Trip to Porto in May"]);
    // An import while searching shows only what matches.
    const csv = "role,content\r\nuser,nothing about that city\r\n";
    assertEquals(
      await model.importFile(new Blob([csv], { type: "text/csv" }), "x.csv"),
      1,
    );
    assertEquals(titles().sort(), ["Porto wine", "Trip to Porto in May"]);
    // Back to everything: all four are there.
    await model.search("");
    assertEquals(titles().length, 4);
  } finally {
    await app.close();
  }
});

/** Wait for a search the model started by itself (it flags it at once). */
async function waitUntilIdle(model: SidebarModel): Promise<void> {
  while (model.searching.value) {
    await new Promise((r) => setTimeout(r, 5));
  }
}
