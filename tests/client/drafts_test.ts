import { assertEquals } from "@std/assert";
import { effect } from "@preact/signals";
import type { Attachment } from "../../lib/api/attachments.ts";
import { AttachmentTray } from "../../lib/client/attachments_model.ts";
import { ConversationApi } from "../../lib/client/conversation_api.ts";
import {
  keepDraftFiles,
  loadDraftFiles,
} from "../../lib/client/draft_files.ts";
import { draftKey, loadDraft, saveDraft } from "../../lib/client/drafts.ts";
import { setup, withApp } from "./_chat_model.ts";

/** A Storage with an optional quota, as browsers have. */
function memoryStorage(quota = Infinity): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    key: (i) => [...items.keys()][i] ?? null,
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => {
      if (v.length > quota) {
        throw new DOMException("full", "QuotaExceededError");
      }
      items.set(k, v);
    },
    removeItem: (k) => void items.delete(k),
    clear: () => items.clear(),
  };
}

Deno.test("Drafts - kept per conversation, removed when blank", () => {
  const storage = memoryStorage();
  const a = draftKey("0190a0b2-0000-7000-8000-000000000001");
  const fresh = draftKey(null);
  assertEquals(loadDraft(storage, a), "");
  saveDraft(storage, a, "half a thought\nand a second line");
  saveDraft(storage, fresh, "for a new chat");
  assertEquals(loadDraft(storage, a), "half a thought\nand a second line");
  assertEquals(loadDraft(storage, fresh), "for a new chat");
  saveDraft(storage, a, "   \n");
  assertEquals(loadDraft(storage, a), "");
  assertEquals(storage.length, 1);
});

Deno.test("Drafts - a full or refused storage is not an error", () => {
  const storage = memoryStorage(10);
  const key = draftKey(null);
  saveDraft(storage, key, "short");
  saveDraft(storage, key, "far too long for this storage");
  assertEquals(loadDraft(storage, key), "short");
  const refused = {
    getItem() {
      throw new DOMException("denied", "SecurityError");
    },
  } as unknown as Storage;
  assertEquals(loadDraft(refused, key), "");
});

Deno.test("Drafts - a draft's files: only those stored on the server are kept, until sent or taken off", async () => {
  const storage = memoryStorage();
  const id = "0190a0b2-0000-7000-8000-000000000001";
  const key = `${draftKey(id)}:files`;
  const stored = (name: string): Attachment => ({
    id: `0190a0b2-0000-7000-8000-00000000000${name.length}`,
    name,
    mediaType: "text/plain",
    kind: "text",
    size: 3,
  });
  const tray = new AttachmentTray({
    conversationId: () => id,
    upload: (_, [file]) =>
      file.name === "no.txt"
        ? Promise.reject(new Error("refused"))
        : Promise.resolve([stored(file.name)]),
  });
  keepDraftFiles(tray, storage, () => key);
  tray.add(["a.txt", "no.txt"].map((n) => new File(["abc"], n)));
  await tray.upload(id).catch(() => {});
  assertEquals(loadDraftFiles(storage, key), [stored("a.txt")]);
  // Put back after a reload (read before the new tray is bound, as the
  // page does), then sent.
  const kept = loadDraftFiles(storage, key);
  const next = new AttachmentTray({
    conversationId: () => id,
    upload: () => Promise.reject(new Error("not asked")),
  });
  keepDraftFiles(next, storage, () => key);
  next.restore(kept, () => null);
  assertEquals(loadDraftFiles(storage, key), [stored("a.txt")]);
  assertEquals(await next.upload(id), [stored("a.txt")]);
  next.take(next.chips.peek().map((c) => c.key));
  assertEquals(storage.getItem(key), null);
  // Whatever else is under the key is no file.
  storage.setItem(key, '[{"id":1},"x"]');
  assertEquals(loadDraftFiles(storage, key), []);
  storage.setItem(key, "{not json");
  assertEquals(loadDraftFiles(storage, key), []);
});

Deno.test("Drafts - a kept file a shown message already carries (the page was left while sending) does not come back", async () => {
  await withApp(async (app) => {
    const api = new ConversationApi({ base: app.base });
    const { id } = await api.create();
    const [sent, waiting] = await api.uploadAttachments(id, [
      new File(["abc"], "sent.txt", { type: "text/plain" }),
      new File(["de"], "waiting.txt", { type: "text/plain" }),
    ]);
    // The send reached the server; its records were still kept.
    await (await api.send(id, { content: "Read", attachmentIds: [sent.id] }))
      .text();
    const storage = memoryStorage();
    const key = `${draftKey(id)}:files`;
    storage.setItem(key, JSON.stringify([sent, waiting]));

    const { model } = await setup(app.base, { id });
    model.bindDraft(memoryStorage(), storage);
    await new Promise<void>((resolve) => {
      const stop = effect(() => {
        if (!model.tray.value?.chips.value.length) return;
        resolve();
        queueMicrotask(() => stop());
      });
    });
    const chips = model.tray.value!.chips.value;
    assertEquals(chips.map((c) => c.attachment?.id), [waiting.id]);
    assertEquals(loadDraftFiles(storage, key), [waiting]);
  });
});
