/**
 * Unsent messages survive a reload, a closed tab or a switch to another
 * conversation: each conversation (and the new-chat screen) keeps its
 * draft in the browser's local storage until it is sent.
 *
 * @module
 */

const PREFIX = "liveaichat:draft:";

/** The storage key of the draft of a conversation, or of a new chat. */
export function draftKey(conversationId: string | null): string {
  return PREFIX + (conversationId ?? "new");
}

/** The draft kept under `key`, or "". */
export function loadDraft(storage: Storage, key: string): string {
  try {
    return storage.getItem(key) ?? "";
  } catch {
    return "";
  }
}

/**
 * Keep `text` as the draft under `key`; a blank text removes it. Storage
 * may be full or refused (private windows): a draft is a convenience, so
 * that is ignored.
 */
export function saveDraft(storage: Storage, key: string, text: string): void {
  try {
    if (text.trim() === "") storage.removeItem(key);
    else storage.setItem(key, text);
  } catch {
    // Not kept; typing goes on as before.
  }
}
