/**
 * What the "Recently deleted" view does, apart from how it looks: restore
 * a conversation (it goes back into the sidebar), delete one for good, or
 * empty the trash, each "for good" asked once more before it happens.
 * Talks to the server only through `ConversationApi`.
 *
 * @module
 */
import { batch, type Signal, signal } from "@preact/signals";
import type { DeletedConversation } from "../api/mod.ts";
import type { ConversationApi } from "./conversation_api.ts";
import { showToast } from "./toasts.ts";
import {
  broadcast as broadcastToTabs,
  upsertConversation,
  type WorkspaceMessage,
  type WorkspaceSignals,
} from "./workspace.ts";

/** What waits for a second click: one conversation's id, or "all". */
export type TrashConfirm = string | "all" | null;

/** Options of {@linkcode TrashModel}. */
export interface TrashModelOptions {
  api: ConversationApi;
  /** What the page listed. */
  conversations: DeletedConversation[];
  /** Tell other tabs; defaults to the workspace BroadcastChannel. */
  broadcast?: (message: WorkspaceMessage) => void;
}

/** State and actions of the trash view. */
export class TrashModel {
  /** Conversations in the trash, most recently deleted first. */
  readonly items: Signal<DeletedConversation[]>;
  /** The "delete for good" waiting to be confirmed. */
  readonly confirming: Signal<TrashConfirm> = signal(null);
  /** A request is under way (buttons wait). */
  readonly working: Signal<boolean> = signal(false);

  #shared: WorkspaceSignals;
  #api: ConversationApi;
  #broadcast: (message: WorkspaceMessage) => void;

  /** Wrap the page's shared signals and what the page listed. */
  constructor(shared: WorkspaceSignals, options: TrashModelOptions) {
    this.#shared = shared;
    this.#api = options.api;
    this.items = signal(options.conversations);
    this.#broadcast = options.broadcast ?? broadcastToTabs;
  }

  async #run(task: () => Promise<string>): Promise<boolean> {
    this.working.value = true;
    try {
      const text = await task();
      showToast(this.#shared.toasts, { kind: "success", text });
      return true;
    } catch (error) {
      showToast(this.#shared.toasts, {
        kind: "error",
        text: (error as Error).message,
      });
      return false;
    } finally {
      batch(() => {
        this.working.value = false;
        this.confirming.value = null;
      });
    }
  }

  #drop(id: string): void {
    this.items.value = this.items.value.filter((c) => c.id !== id);
  }

  /** Bring a conversation back: out of the trash, into the sidebar. */
  restore(id: string): Promise<boolean> {
    return this.#run(async () => {
      const conversation = await this.#api.restore(id);
      batch(() => {
        this.#drop(id);
        upsertConversation(this.#shared.conversations, conversation);
      });
      this.#broadcast({ type: "conversation", conversation });
      return `Restored “${conversation.title}”.`;
    });
  }

  /** Ask before deleting for good (`id`, or "all" for the whole trash). */
  ask(what: TrashConfirm): void {
    this.confirming.value = what;
  }

  /** Delete one conversation for good (after `ask(id)`). */
  purge(id: string): Promise<boolean> {
    const title = this.items.peek().find((c) => c.id === id)?.title ?? "";
    return this.#run(async () => {
      await this.#api.purge(id);
      this.#drop(id);
      return `Deleted “${title}” for good.`;
    });
  }

  /** Delete everything in the trash for good (after `ask("all")`). */
  empty(): Promise<boolean> {
    return this.#run(async () => {
      const count = await this.#api.emptyTrash();
      this.items.value = [];
      return count === 1
        ? "Deleted 1 conversation for good."
        : `Deleted ${count} conversations for good.`;
    });
  }
}
