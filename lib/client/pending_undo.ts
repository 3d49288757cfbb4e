/**
 * Deleting the open conversation leads to the new-chat page; the undo
 * offer must survive that page load. It waits in session storage (this
 * tab only) and the next sidebar shows it.
 *
 * @module
 */

/** A deletion that can still be undone. */
export interface PendingUndo {
  id: string;
  title: string;
}

const KEY = "liveaichat:undo-delete";

/** The part of `Storage` used here. */
export type UndoStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

/** Remember a deletion to offer its undo on the next page. */
export function savePendingUndo(storage: UndoStorage, undo: PendingUndo): void {
  try {
    storage.setItem(KEY, JSON.stringify(undo));
  } catch {
    // Storage full or disabled: the undo offer is lost, nothing else.
  }
}

/** Take (and forget) the deletion saved by the previous page, if any. */
export function takePendingUndo(storage: UndoStorage): PendingUndo | null {
  try {
    const raw = storage.getItem(KEY);
    if (raw === null) return null;
    storage.removeItem(KEY);
    const value = JSON.parse(raw);
    if (typeof value?.id === "string" && typeof value?.title === "string") {
      return { id: value.id, title: value.title };
    }
  } catch {
    // Unreadable: treat as none.
  }
  return null;
}
