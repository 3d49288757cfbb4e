/**
 * Files waiting in the composer survive a reload, as its text does
 * (drafts.ts). In a conversation, uploads start at once: the records of
 * those already stored on the server are kept beside its draft, and the
 * next load shows them again if the server still has them. On the
 * new-chat screen nothing is uploaded before the first message: the files
 * themselves are kept in the browser (IndexedDB; the draft's key only
 * says some are there). Loaded with the chat's machinery, not with the
 * page.
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

/** The files a new chat kept under `key` in the browser; [] when none. */
export async function loadNewChatFiles(key: string): Promise<File[]> {
  try {
    const kept = await inFiles("readonly", (files) => files.get(key));
    return Array.isArray(kept) ? kept.filter((f) => f instanceof File) : [];
  } catch {
    return [];
  }
}

/** Options of {@linkcode keepDraftFiles}. */
export interface KeepOptions {
  /** The key of the open conversation's files (`ChatModel.filesKey`). */
  key: () => string;
  /** Whether the conversation exists (its files are on the server). */
  created: () => boolean;
}

/**
 * Keep the files of `tray` under `key()` while they wait (none: the key
 * goes); returns the unbinding. When the new chat gets its id, what it
 * kept goes (its files went with the message). Full or refused storage is
 * ignored, as for the draft's text.
 */
export function keepDraftFiles(
  tray: AttachmentTray,
  storage: Storage,
  options: KeepOptions,
): () => void {
  let last: string | null = null;
  return tray.chips.subscribe((chips) => {
    const at = options.key();
    // The new chat got its id: its files went with the message.
    if (last !== null && last !== at) keepInBrowser(storage, last, []);
    last = at;
    if (options.created()) {
      // Only stored files: one not uploaded has nothing to come back to.
      keep(
        storage,
        at,
        chips.flatMap((c) =>
          c.status === "ready" && c.attachment ? [c.attachment] : []
        ),
      );
    } else {
      keepInBrowser(storage, at, chips.flatMap((c) => c.file ? [c.file] : []));
    }
  });
}

/** Keep a new chat's `files` under `key` (IndexedDB; their names in `storage`). */
function keepInBrowser(storage: Storage, key: string, files: File[]): void {
  keep(storage, key, files.map((f) => f.name));
  void inFiles(
    "readwrite",
    (db) => files.length ? db.put(files, key) : db.delete(key),
  ).catch(() => {/* not kept; they still go with the message */});
}

function keep(storage: Storage, key: string, value: unknown[]): void {
  try {
    if (value.length) storage.setItem(key, JSON.stringify(value));
    else storage.removeItem(key);
  } catch {
    // Not kept; the files still go with the next message.
  }
}

let database: Promise<IDBDatabase> | null = null;

/**
 * Run `use` on the store of new chats' files. One connection, so that
 * changes apply in the order they were asked for.
 */
function inFiles(
  mode: IDBTransactionMode,
  use: (files: IDBObjectStore) => IDBRequest,
): Promise<unknown> {
  database ??= new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open("liveaichat-drafts", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("files");
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  }).catch((error) => {
    database = null;
    throw error;
  });
  return database.then((db) =>
    new Promise((resolve, reject) => {
      const request = use(db.transaction("files", mode).objectStore("files"));
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    })
  );
}

function isRecord(value: unknown): value is Attachment {
  const a = value as Attachment;
  return typeof a?.id === "string" && typeof a.name === "string" &&
    typeof a.mediaType === "string" && typeof a.size === "number" &&
    (a.kind === "text" || a.kind === "image");
}
