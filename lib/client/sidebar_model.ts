/**
 * What the sidebar does, apart from how it looks: search, paging, rename,
 * pin, delete with undo, import, and updates from other tabs. It works on
 * the page's shared signals and talks to the server only through
 * `WorkspaceApi`, so it runs (and is tested) outside a browser too.
 *
 * @module
 */
import { batch, type Signal, signal } from "@preact/signals";
import type { Conversation } from "../api/mod.ts";
import {
  appendPage,
  withConversation,
  withoutConversation,
} from "../sidebar/list.ts";
import { displayTitle, searchSummary } from "../sidebar/text.ts";
import { ApiError, type WorkspaceApi } from "./api.ts";
import {
  type PendingUndo,
  savePendingUndo,
  type UndoStorage,
} from "./pending_undo.ts";
import { showToast, type Toast } from "./toasts.ts";
import {
  broadcast as broadcastToTabs,
  type WorkspaceMessage,
  type WorkspaceSignals,
} from "./workspace.ts";

/** How long the "Undo" offer after a delete stays, in milliseconds. */
export const UNDO_TIMEOUT_MS = 10_000;

/** Options of {@linkcode SidebarModel}. */
export interface SidebarModelOptions {
  api: WorkspaceApi;
  /** Cursor of the page after the one rendered by the server. */
  nextCursor: string | null;
  /** Search text the page was rendered with. */
  query: string;
  /** Leave the page (deleting the open conversation goes to `/`). */
  navigate?: (url: string) => void;
  /** Where an undo offer waits across that page load. */
  storage?: UndoStorage;
  /** Tell other tabs; defaults to the workspace BroadcastChannel. */
  broadcast?: (message: WorkspaceMessage) => void;
}

/** State and actions of the sidebar. */
export class SidebarModel {
  /** Conversations shown (shared with the chat island). */
  readonly conversations: Signal<Conversation[]>;
  /** The open conversation. */
  readonly activeId: Signal<string | null>;
  /** The page's toasts. */
  readonly toasts: Signal<Toast[]>;
  /** Cursor of the next page; null when everything is shown. */
  readonly cursor: Signal<string | null>;
  /** The search the list shows results of ("" for all). */
  readonly query: Signal<string>;
  /** A search request is running. */
  readonly searching: Signal<boolean> = signal(false);
  /** A further page is loading. */
  readonly loadingMore: Signal<boolean> = signal(false);
  /** An import is running. */
  readonly importing: Signal<boolean> = signal(false);
  /** A sentence for screen readers about the latest search. */
  readonly announcement: Signal<string> = signal("");

  #api: WorkspaceApi;
  #navigate: (url: string) => void;
  #storage?: UndoStorage;
  #broadcast: (message: WorkspaceMessage) => void;
  #generation = 0;
  #searchAbort: AbortController | null = null;

  /** Wrap the page's shared signals. */
  constructor(shared: WorkspaceSignals, options: SidebarModelOptions) {
    this.conversations = shared.conversations;
    this.activeId = shared.activeId;
    this.toasts = shared.toasts;
    this.cursor = signal(options.nextCursor);
    this.query = signal(options.query);
    this.#api = options.api;
    this.#navigate = options.navigate ?? (() => {});
    this.#storage = options.storage;
    this.#broadcast = options.broadcast ?? broadcastToTabs;
  }

  /**
   * Show the conversations matching `q` (all of them for ""). A newer
   * search cancels an older one still running, so results never arrive
   * out of order.
   */
  async search(q: string): Promise<void> {
    this.#searchAbort?.abort();
    const abort = new AbortController();
    this.#searchAbort = abort;
    const generation = ++this.#generation;
    this.query.value = q;
    this.searching.value = true;
    this.loadingMore.value = false;
    try {
      const page = await this.#api.list({ q, signal: abort.signal });
      if (generation !== this.#generation) return;
      batch(() => {
        this.conversations.value = page.conversations;
        this.cursor.value = page.nextCursor;
        this.announcement.value = searchSummary(
          page.conversations.length,
          q,
          page.nextCursor !== null,
        );
      });
    } catch (error) {
      if (abort.signal.aborted) return;
      this.#error(error, "Search failed");
    } finally {
      if (generation === this.#generation) this.searching.value = false;
    }
  }

  /** Append the next page, if there is one and none is loading. */
  async loadMore(): Promise<void> {
    const cursor = this.cursor.value;
    if (!cursor || this.loadingMore.value || this.searching.value) return;
    const generation = this.#generation;
    this.loadingMore.value = true;
    try {
      const page = await this.#api.list({ q: this.query.value, cursor });
      if (generation !== this.#generation) return;
      batch(() => {
        this.conversations.value = appendPage(
          this.conversations.value,
          page.conversations,
        );
        this.cursor.value = page.nextCursor;
      });
    } catch (error) {
      if (generation === this.#generation) {
        this.#error(error, "Could not load more conversations");
      }
    } finally {
      if (generation === this.#generation) this.loadingMore.value = false;
    }
  }

  /** Rename; shown at once, put back if the server refuses. */
  async rename(id: string, title: string): Promise<void> {
    const before = this.#find(id);
    const text = title.trim();
    if (!before || !text || text === before.title) return;
    this.#replace({ ...before, title: text });
    try {
      this.#changed(await this.#api.update(id, { title: text }));
    } catch (error) {
      this.#replace(before);
      this.#error(error, "Could not rename the conversation");
    }
  }

  /** Pin or unpin; shown at once, put back if the server refuses. */
  async setPinned(id: string, pinned: boolean): Promise<void> {
    const before = this.#find(id);
    if (!before || before.pinned === pinned) return;
    this.#replace({ ...before, pinned });
    try {
      this.#changed(await this.#api.update(id, { pinned }));
    } catch (error) {
      this.#replace(before);
      this.#error(error, `Could not ${pinned ? "pin" : "unpin"} it`);
    }
  }

  /**
   * Move a conversation to the trash and offer to undo. Deleting the open
   * one leads to the new-chat page, where the offer is shown again.
   */
  async remove(id: string): Promise<boolean> {
    const conversation = this.#find(id);
    const title = displayTitle(conversation?.title ?? "");
    try {
      await this.#api.remove(id);
    } catch (error) {
      this.#error(error, "Could not delete the conversation");
      return false;
    }
    this.conversations.value = withoutConversation(
      this.conversations.value,
      id,
    );
    this.#broadcast({ type: "deleted", id });
    if (this.activeId.value === id) {
      if (this.#storage) savePendingUndo(this.#storage, { id, title });
      this.#navigate("/");
    } else {
      this.offerUndo({ id, title });
    }
    return true;
  }

  /** Show the "Deleted … / Undo" toast for a deletion. */
  offerUndo(undo: PendingUndo): number {
    return showToast(this.toasts, {
      kind: "info",
      text: `Deleted “${undo.title}”.`,
      timeoutMs: UNDO_TIMEOUT_MS,
      action: { label: "Undo", run: () => void this.restore(undo) },
    });
  }

  /** Bring a deleted conversation back into the list. */
  async restore(undo: PendingUndo): Promise<Conversation | null> {
    try {
      const conversation = await this.#api.restore(undo.id);
      this.#changed(conversation);
      showToast(this.toasts, {
        kind: "success",
        text: `Restored “${displayTitle(conversation.title)}”.`,
      });
      return conversation;
    } catch (error) {
      this.#error(error, "Could not restore the conversation");
      return null;
    }
  }

  /**
   * Import a file and show what came of it. The new conversations are
   * fetched and shown (a large import reloads the list instead). Its code
   * loads with the first import (sidebar_import.ts), not with the page.
   */
  async importFile(file: Blob, name?: string): Promise<number> {
    const host = {
      api: this.#api,
      model: this,
      changed: (conversation: Conversation) => this.#changed(conversation),
    };
    let part;
    try {
      part = await import("./sidebar_import.ts");
    } catch {
      showToast(this.toasts, {
        kind: "error",
        text:
          "Could not import: the app could not load that part. Check the connection.",
        timeoutMs: 8000,
      });
      return 0;
    }
    return await part.importFile(host, file, name);
  }

  /** Apply a change another tab made. */
  receive(message: WorkspaceMessage): void {
    if (message.type === "conversation") {
      if (this.#filtered() && !this.#find(message.conversation.id)) {
        // Only the server knows whether it matches the search shown.
        void this.search(this.query.value);
      } else {
        this.#replace(message.conversation);
      }
    } else if (message.type === "deleted") {
      this.conversations.value = withoutConversation(
        this.conversations.value,
        message.id,
      );
      if (this.activeId.value === message.id) {
        showToast(this.toasts, {
          kind: "info",
          text: "This conversation was deleted in another tab.",
        });
      }
    }
  }

  /** Stop a running search (the island is going away). */
  dispose(): void {
    this.#searchAbort?.abort();
    this.#generation++;
  }

  /** A search is shown, so the list holds only what matched it. */
  #filtered(): boolean {
    return this.query.value.trim() !== "";
  }

  #find(id: string): Conversation | undefined {
    return this.conversations.value.find((c) => c.id === id);
  }

  #replace(conversation: Conversation): void {
    this.conversations.value = withConversation(
      this.conversations.value,
      conversation,
    );
  }

  #changed(conversation: Conversation): void {
    this.#replace(conversation);
    this.#broadcast({ type: "conversation", conversation });
  }

  #error(error: unknown, what: string): void {
    showToast(this.toasts, {
      kind: "error",
      text: `${what}: ${messageOf(error)}`,
      timeoutMs: 8000,
    });
  }
}

function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
