/**
 * Files waiting in the composer survive a reload, as its text does
 * (drafts.ts): the records of those already stored on the server (a
 * conversation's uploads start at once) are kept in the tab's session
 * storage (`ChatModel.bindDraft`), and its next load shows them again if
 * the server still has them. Per tab, so that two tabs on a conversation
 * never put back or wipe each other's. Loaded with the chat's machinery,
 * not with the page.
 *
 * @module
 */
import type { Attachment } from "../api/attachments.ts";
import type { AttachmentTray } from "./attachments_model.ts";

/** The records kept under `key`; [] when none (or unreadable). */
export function loadDraftFiles(storage: Storage, key: string): Attachment[] {
  try {
    const kept = JSON.parse(storage.getItem(key) ?? "[]");
    return Array.isArray(kept) ? kept.filter(isRecord) : [];
  } catch {
    return [];
  }
}

/**
 * Keep the stored files of `tray` under `key()` (`ChatModel.filesKey`)
 * while they wait (none: the key goes); returns the unbinding. Only
 * stored files: one not uploaded yet has nothing on the server to come
 * back to. Full or refused storage is ignored, as for the draft's text.
 */
export function keepDraftFiles(
  tray: AttachmentTray,
  storage: Storage,
  key: () => string | null,
): () => void {
  return tray.chips.subscribe((chips) => {
    const at = key();
    if (!at) return;
    const records = chips.flatMap((c) =>
      c.status === "ready" && c.attachment ? [c.attachment] : []
    );
    try {
      if (records.length) storage.setItem(at, JSON.stringify(records));
      else storage.removeItem(at);
    } catch {
      // Not kept; the files still go with the next message.
    }
  });
}

function isRecord(value: unknown): value is Attachment {
  const a = value as Attachment;
  return typeof a?.id === "string" && typeof a.name === "string" &&
    typeof a.mediaType === "string" && typeof a.size === "number" &&
    (a.kind === "text" || a.kind === "image");
}
