/**
 * What the chat does, apart from how it looks: the messages shown, the
 * reply streaming in, sending, editing, regenerating, stopping, reattaching
 * after a dropped connection, settings, and updates from other tabs. It
 * talks to the server only through `ConversationApi` and keeps its state in
 * signals, so it runs (and is tested) outside a browser, as `SidebarModel`.
 *
 * This is the island's face and its state; what it does is loaded when it
 * is first needed (`ChatEngine` in chat_engine.ts, and chat_more.ts), so a
 * page downloads little more than what draws it. A person reaching for a
 * control (`preload`) or typing starts that download; an action asked for
 * before it arrived waits for it and then runs.
 *
 * History is a tree (see lib/api/message_tree.ts): `messages` is the
 * branch shown; an edit or a regenerated reply adds a version beside the
 * old one, and `showVersion` flips between them without a reload.
 *
 * One `phase` says where the reply is, instead of several booleans:
 * `idle` (nothing runs), `waiting` (asked; no reply text yet), `streaming`
 * (text arrives), `reconnecting` (the connection dropped; retrying).
 *
 * @module
 */
import {
  computed,
  type ReadonlySignal,
  type Signal,
  signal,
} from "@preact/signals";
import type { Conversation } from "../api/mod.ts";
import type { Attachment } from "../api/attachments.ts";
import type { ConversationApi } from "./conversation_api.ts";
import type { AttachmentTray } from "./attachments_model.ts";
import type { ChatEngine } from "./chat_engine.ts";
import type { PendingSettings } from "./chat_core.ts";
import type { ChatSettings } from "./chat_more.ts";
import type { ChatMessage, ModelOption } from "./chat_types.ts";
import { draftKey, loadDraft, saveDraft } from "./drafts.ts";
import { lazy, retried } from "./lazy.ts";
import { showToast, type Toast } from "./toasts.ts";
import type { WorkspaceMessage, WorkspaceSignals } from "./workspace.ts";

/**
 * The chat's machinery and its less used actions, loaded on first need
 * (tried again when the connection drops: sending depends on it).
 */
const loadEngine = lazy(() => retried(() => import("./chat_engine.ts")));

type Engine = typeof import("./chat_engine.ts");

/** Where the conversation's reply is; see the module doc. */
export type ChatPhase = "idle" | "waiting" | "streaming" | "reconnecting";

/** The reply being written, as far as it has arrived. */
export interface StreamingReply {
  id: string;
  text: string;
  /** What the model thought first (reasoning models); "" for none. */
  reasoning: string;
  model: string | null;
  createdAt: string;
}

/** A message being edited: its id, the new text so far and the files it keeps. */
export interface EditDraft {
  id: string;
  text: string;
  attachments: Attachment[];
}

/** Renders finished replies' markdown; null when it is not available. */
export type RenderMarkdown = (markdown: string) => string;

/** Options of {@linkcode ChatModel}. */
export interface ChatModelOptions {
  /** The server's client; by default the page's (loaded with the engine). */
  api?: ConversationApi;
  /** The open conversation, or null on the new-chat screen. */
  conversation: Conversation | null;
  /** Its messages as the page rendered them. */
  messages: ChatMessage[];
  /** Earlier messages the page left out (loaded by `loadEarlier`). */
  earlierCount?: number;
  /** Models the picker offers. */
  models: ModelOption[];
  /** Model of a new conversation. */
  defaultModel: string;
  /** The markdown renderer for finished replies, loaded on demand. */
  renderer?: () => Promise<RenderMarkdown | null>;
  /**
   * The attachments tray's class, loaded when the first file is added or
   * when files kept over a reload are put back (most messages have none:
   * the page does not carry its code).
   */
  loadTray?: () => Promise<typeof AttachmentTray>;
  /** Tell other tabs; defaults to the workspace BroadcastChannel. */
  broadcast?: (message: WorkspaceMessage) => void;
  /** Change the address without a reload (a new chat got its id). */
  replaceUrl?: (url: string) => void;
  /** Wait before reconnecting; tests pass a quick one. */
  sleep?: (ms: number) => Promise<void>;
  /** Schedules a render of the streaming text (the next animation frame). */
  frame?: (callback: () => void) => unknown;
}

/** State and actions of the chat island. */
export class ChatModel {
  /** The open conversation; null until the first message creates it. */
  readonly conversation: Signal<Conversation | null>;
  /** The finished messages shown, oldest first. */
  readonly messages: Signal<ChatMessage[]>;
  /** The reply being written, or null. */
  readonly streaming: Signal<StreamingReply | null> = signal(null);
  /** Where the reply is. */
  readonly phase: Signal<ChatPhase> = signal("idle");
  /** A reply is being asked for, written or reconnected to. */
  readonly busy: ReadonlySignal<boolean> = computed(() =>
    this.phase.value !== "idle"
  );
  /** Text of the composer. */
  readonly draft: Signal<string> = signal("");
  /** Files waiting in the composer for the next message; null until the first. */
  readonly tray: Signal<AttachmentTray | null> = signal(null);
  /** Model picked for the next reply. */
  readonly model: Signal<string>;
  /** Models the picker offers. */
  readonly models: Signal<ModelOption[]>;
  /** The message being edited, if any. */
  readonly editing: Signal<EditDraft | null> = signal(null);
  /** How many earlier messages are not shown yet. */
  readonly earlier: Signal<number>;
  /** A sentence for screen readers about the reply. */
  readonly announcement: Signal<string> = signal("");

  #shared: WorkspaceSignals;
  #options: ChatModelOptions;
  #engine: ChatEngine | null = null;

  /** Wrap the page's shared signals and the props the page rendered. */
  constructor(shared: WorkspaceSignals, options: ChatModelOptions) {
    this.#shared = shared;
    this.#options = options;
    this.conversation = signal(options.conversation);
    this.messages = signal(options.messages);
    this.model = signal(options.conversation?.model ?? options.defaultModel);
    this.models = signal(options.models);
    this.earlier = signal(options.earlierCount ?? 0);
  }

  /** Settings a preset gave a chat not created yet (`applyPreset`). */
  pending: PendingSettings = {};

  /** Where the composer's files are kept (`bindDraft`); null: nowhere. */
  storage: Storage | null = null;

  /**
   * Keep the composer's text in `storage` per conversation until it is
   * sent (drafts.ts), and its stored files in `files` (the tab's own
   * session storage in the page: another tab on the same conversation
   * cannot take or wipe them; see draft_files.ts); restores kept ones.
   * Returns the unbinding.
   */
  bindDraft(storage: Storage, files: Storage): () => void {
    this.storage = files;
    const kept = this.filesKey();
    // Files were waiting too: put them back (see draft_files.ts).
    if (kept && loadDraft(files, kept)) {
      void this.#run((engine) => engine.restoreFiles(), undefined, true);
    }
    const key = () => draftKey(this.conversation.peek()?.id ?? null);
    if (!this.draft.peek()) this.draft.value = loadDraft(storage, key());
    return this.draft.subscribe((text) => saveDraft(storage, key(), text));
  }

  /**
   * The storage key of the files waiting in the composer (draft_files.ts
   * keeps them); null on the new-chat screen, whose files are not stored
   * anywhere before the first message.
   */
  filesKey(): string | null {
    const id = this.conversation.peek()?.id;
    return id ? `${draftKey(id)}:files` : null;
  }

  /**
   * Reattach to a reply still running when the page was opened (or
   * reloaded); resolves once it has finished. Does nothing otherwise.
   */
  resume(): Promise<void> {
    const last = this.messages.peek().at(-1);
    return last?.status === "streaming" && last.role === "assistant"
      ? this.#run((engine) => engine.resume())
      : Promise.resolve();
  }

  /**
   * Put files (picked, dropped, pasted) in the composer for the next
   * message; see `AttachmentTray.add` for the checks.
   */
  attach(files: File[]): Promise<void> {
    return this.#run((engine) => engine.attach(files));
  }

  /**
   * Send `text` (the composer's by default) with the composer's files and
   * stream the reply; resolves when the reply has ended. Shown at once;
   * put back if refused (the files stay in the composer until accepted).
   */
  send(text: string = this.draft.peek()): Promise<void> {
    return this.#run((engine) => engine.send(text));
  }

  /**
   * Answer a question again (the one `reply` answers; by default the last
   * one shown): the new reply becomes a version beside the old, which is
   * kept. Resolves when the reply has ended.
   */
  regenerate(reply?: ChatMessage): Promise<void> {
    return this.#run((engine, more) => more.regenerate(engine, reply));
  }

  /**
   * Write more of `reply` (cut by the length limit or an interruption):
   * the same message grows as the rest streams in.
   */
  continueReply(reply: ChatMessage): Promise<void> {
    return this.#run((engine, more) => more.continueReply(engine, reply));
  }

  /**
   * Show another version of `message` (`step` -1: the one before, 1: the
   * one after) and the conversation that followed it. Remembered on the
   * server, so a reload and the other tabs show it too.
   */
  showVersion(message: ChatMessage, step: -1 | 1): Promise<void> {
    return this.#run((engine, more) => more.showVersion(engine, message, step));
  }

  /**
   * Put a message's text on the clipboard; a toast says how it went. Asked
   * at once, inside the click: Safari refuses the clipboard once the click
   * is over (after a module load, say), so nothing is loaded first.
   */
  copy(message: ChatMessage): Promise<void> {
    const say = (kind: Toast["kind"], text: string) => () =>
      void showToast(this.#shared.toasts, { kind, text });
    // A missing clipboard (an insecure page) throws: a refusal too.
    return new Promise<void>((done) =>
      done(navigator.clipboard.writeText(message.content))
    ).then(
      say("success", "Copied to the clipboard."),
      say("error", "The browser did not allow copying."),
    );
  }

  /** Open the editor on one of the person's messages. */
  startEdit(message: ChatMessage): void {
    this.editing.value = {
      id: message.id,
      text: message.content,
      attachments: message.attachments ?? [],
    };
  }

  /** Change the text being edited. */
  editText(text: string): void {
    const edit = this.editing.peek();
    if (edit) this.editing.value = { ...edit, text };
  }

  /** Leave a file out of the edited message (the old version keeps it). */
  removeEditAttachment(id: string): void {
    const edit = this.editing.peek();
    if (!edit) return;
    this.editing.value = {
      ...edit,
      attachments: edit.attachments.filter((a) => a.id !== id),
    };
  }

  /** Close the editor without sending. */
  cancelEdit(): void {
    this.editing.value = null;
  }

  /** Send the edited message and stream the new reply. */
  saveEdit(): Promise<void> {
    return this.#run((engine, more) => more.saveEdit(engine));
  }

  /** Stop the running reply; what was written is kept. */
  stop(): Promise<void> {
    return this.#run((engine) => engine.stop());
  }

  /**
   * Ask the server for its models once, when the picker is first used: a
   * local server may have gained models since the page was rendered.
   */
  refreshModels(): Promise<void> {
    return this.#run((engine, more) => more.refreshModels(engine));
  }

  /** Save fields of the open conversation; false (and a toast) on failure. */
  update(fields: ChatSettings): Promise<boolean> {
    return this.#run((engine, more) => more.update(engine, fields), false);
  }

  /**
   * Start a new chat from a preset: its model now, its system prompt and
   * temperature when the conversation is created (first message).
   */
  applyPreset(preset: PendingSettings & { model: string | null }): void {
    if (this.conversation.peek()) return;
    if (preset.model) this.model.value = preset.model;
    const { systemPrompt, temperature } = preset;
    this.pending = { systemPrompt, temperature };
  }

  /** Pick the model for this conversation's next replies. */
  changeModel(id: string): Promise<boolean> {
    this.model.value = id;
    return this.update({ model: id });
  }

  /** Save the settings dialog's values; true when stored. */
  saveSettings(values: ChatSettings): Promise<boolean> {
    return this.#run(
      (engine, more) => more.saveSettings(engine, values),
      false,
    );
  }

  /** Put the messages the page left out in front of the ones shown. */
  loadEarlier(): Promise<void> {
    return this.#run((engine, more) => more.loadEarlier(engine));
  }

  /**
   * Apply what another tab did to this conversation: new settings, model
   * or title; or a reply it started here, which this tab then follows.
   */
  receive(message: WorkspaceMessage): Promise<void> {
    const id = this.conversation.peek()?.id;
    const about = message.type === "conversation"
      ? message.conversation.id
      : message.type === "reply"
      ? message.conversationId
      : null;
    // Most news is about other conversations: nothing to load for those.
    if (!id || about !== id) return Promise.resolve();
    return this.#run((engine, more) => more.receive(engine, message));
  }

  /**
   * A person reaches for the chat's controls (a pointer over a button,
   * focus, typing): load the machinery now, so the click that follows
   * acts at once.
   */
  preload(): void {
    if (!this.#engine) {
      void this.#run((engine) => engine.warm(), undefined, true);
    }
  }

  /**
   * Run `task` with the machinery, loading it first if needed. When it
   * cannot be loaded (a network drop), a toast says so (unless `quiet`)
   * and `otherwise` is the result; the next call tries again.
   */
  async #run<T>(
    task: (engine: ChatEngine, more: Engine["more"]) => T | Promise<T>,
    otherwise?: T,
    quiet = false,
  ): Promise<T> {
    let module: Engine;
    try {
      module = await loadEngine();
    } catch {
      if (!quiet) {
        showToast(this.#shared.toasts, {
          kind: "error",
          text: "Could not load that part of the app. Check the connection.",
        });
      }
      return otherwise as T;
    }
    this.#engine ??= new module.ChatEngine(this, this.#shared, this.#options);
    return await task(this.#engine, module.more);
  }
}
