import { assertEquals } from "@std/assert";
import {
  savePendingUndo,
  takePendingUndo,
  type UndoStorage,
} from "../../lib/client/pending_undo.ts";

function memoryStorage(): UndoStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

Deno.test("Pending undo - survives to the next page once", () => {
  const storage = memoryStorage();
  assertEquals(takePendingUndo(storage), null);
  savePendingUndo(storage, { id: "abc", title: "Trip" });
  assertEquals(takePendingUndo(storage), { id: "abc", title: "Trip" });
  assertEquals(takePendingUndo(storage), null);
});

Deno.test("Pending undo - garbage and failing storage count as none", () => {
  const storage = memoryStorage();
  storage.map.set("liveaichat:undo-delete", "{not json");
  assertEquals(takePendingUndo(storage), null);
  storage.map.set("liveaichat:undo-delete", JSON.stringify({ id: 5 }));
  assertEquals(takePendingUndo(storage), null);
  const broken: UndoStorage = {
    getItem() {
      throw new Error("denied");
    },
    setItem() {
      throw new Error("full");
    },
    removeItem() {},
  };
  savePendingUndo(broken, { id: "a", title: "b" });
  assertEquals(takePendingUndo(broken), null);
});
