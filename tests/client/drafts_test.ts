import { assertEquals } from "@std/assert";
import { draftKey, loadDraft, saveDraft } from "../../lib/client/drafts.ts";

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
