/**
 * What the chat does, apart from how it looks: the messages shown, the
 * reply streaming in, sending, editing, regenerating, stopping, reattaching
 * after a dropped connection, settings, and updates from other tabs. It
 * talks to the server only through `ConversationApi` and keeps its state in
 * signals, so it runs (and is tested) outside a browser, as `SidebarModel`.
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
  batch,
  computed,
  type ReadonlySignal,
  type Signal,
  signal,
} from "@preact/signals";
import type { ChatEvent, DoneEvent, ErrorEvent } from "../api/mod.ts";
import type { Conversation } from "../api/mod.ts";
import type { ChatCore, PendingSettings } from "./chat_core.ts";
import type { ChatSettings } from "./chat_more.ts";
import type { Attachment } from "../api/attachments.ts";
import { ApiError, type ConversationApi, type SendBody } from "./api.ts";
import type { AttachmentTray } from "./attachments_model.ts";
import type { ChatMessage, ModelOption } from "./chat_types.ts";
import { lazy } from "./lazy.ts";
import { draftKey, loadDraft, saveDraft } from "./drafts.ts";
import { frameBatcher, readNdjson } from "./ndjson.ts";
import { showToast, type Toast } from "./toasts.ts";
import {
  broadcast as broadcastToTabs,
  upsertConversation,
  type WorkspaceMessage,
  type WorkspaceSignals,
} from "./workspace.ts";

/**
 * The tree walks are needed only to load earlier messages or switch
 * versions: loaded then, not with the page.
 */
const loadTreeWalks = lazy(() => import("../api/message_tree.ts"));

/**
 * Editing, versions, continuing, settings, earlier messages and other
 * tabs' news: loaded on first use (or when a person reaches for one, see
 * `preload`), not with the page.
 */
const loadMore = lazy(() => import("./chat_more.ts"));

type More = typeof import("./chat_more.ts");

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
  api: ConversationApi;
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
   * The attachments tray's class, loaded when the first file is added
   * (most messages have none: the page does not carry its code).
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
  /** The last message when it is a reply (the one regenerate replaces). */
  readonly lastReplyId: ReadonlySignal<string | null> = computed(() => {
    const last = this.messages.value.at(-1);
    return last?.role === "assistant" ? last.id : null;
  });

  #shared: WorkspaceSignals;
  #api: ConversationApi;
  #renderer: () => Promise<RenderMarkdown | null>;
  #loadTray: () => Promise<typeof AttachmentTray>;
  #trayLoading: Promise<AttachmentTray> | null = null;
  /** A send waiting for its files to upload; stop cancels it. */
  #uploading: { cancelled: boolean } | null = null;
  #broadcast: (message: WorkspaceMessage) => void;
  #replaceUrl: (url: string) => void;
  #sleep: (ms: number) => Promise<void>;
  #batcher: { schedule(): void; flushNow(): void };
  /** Seq of the last event seen: a reattach asks for what came after. */
  #lastSeq = -1;
  /** Text of the streaming reply, ahead of what `streaming` shows. */
  #buffer = "";
  /** Its reasoning, likewise. */
  #thoughts = "";
  /** What the parts loaded later work with; made on first use. */
  #core: ChatCore | null = null;
  /** Storing the finished reply, once its last event arrived. */
  #finishing: Promise<void> | null = null;
  /** Every message of the conversation, once loaded (for switching). */
  #tree: ChatMessage[] | null = null;
  #treeLoading: Promise<ChatMessage[]> | null = null;
  /** Rendered markdown by message id: a branch shown again is not re-rendered. */
  #html = new Map<string, { content: string; html: string }>();

  /** Wrap the page's shared signals and the props the page rendered. */
  constructor(shared: WorkspaceSignals, options: ChatModelOptions) {
    this.#shared = shared;
    this.#api = options.api;
    this.conversation = signal(options.conversation);
    this.#loadTray = options.loadTray ??
      (() => import("./attachments_model.ts").then((m) => m.AttachmentTray));
    this.messages = signal(options.messages);
    for (const m of options.messages) {
      if (m.html) this.#html.set(m.id, { content: m.content, html: m.html });
    }
    this.model = signal(options.conversation?.model ?? options.defaultModel);
    this.models = signal(options.models);
    this.earlier = signal(options.earlierCount ?? 0);
    this.#renderer = options.renderer ?? (() => Promise.resolve(null));
    this.#broadcast = options.broadcast ?? broadcastToTabs;
    this.#replaceUrl = options.replaceUrl ?? (() => {});
    this.#sleep = options.sleep ??
      ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#batcher = frameBatcher(() => {
      const current = this.streaming.peek();
      if (current) {
        this.streaming.value = {
          ...current,
          text: this.#buffer,
          reasoning: this.#thoughts,
        };
      }
    }, options.frame);
  }

  /**
   * Keep the composer's text in `storage` per conversation until it is
   * sent (see drafts.ts); restores a kept one. Returns the unbinding.
   */
  bindDraft(storage: Storage): () => void {
    const key = () => draftKey(this.conversation.peek()?.id ?? null);
    if (!this.draft.peek()) this.draft.value = loadDraft(storage, key());
    return this.draft.subscribe((text) => saveDraft(storage, key(), text));
  }

  /**
   * Reattach to a reply still running when the page was opened (or
   * reloaded); resolves once it has finished. Does nothing otherwise.
   */
  async resume(): Promise<void> {
    const current = this.conversation.peek();
    if (current && this.messages.peek().some((m) => m.siblingIds)) {
      // Versions are shown: have the tree ready so switching is instant.
      this.#loadTree(current.id).catch(() => {});
    }
    const last = this.messages.peek().at(-1);
    if (current && last?.role === "assistant" && last.status === "streaming") {
      this.#lastSeq = -1;
      await this.#follow(current.id, null);
    }
  }

  /**
   * Put files (picked, dropped, pasted) in the composer for the next
   * message; see `AttachmentTray.add` for the checks.
   */
  async attach(files: File[]): Promise<void> {
    if (!files.length) return;
    let added;
    try {
      added = (this.tray.peek() ?? await this.#openTray()).add(files);
    } catch {
      this.#toast("error", "Could not attach the files. Check the connection.");
      return;
    }
    if (added.length) {
      this.announcement.value = `Attached ${
        added.map((c) => c.name).join(", ")
      }`;
    }
    // Whether the models read images is in the server's list.
    if (added.some((c) => c.kind === "image")) void this.refreshModels();
  }

  #openTray(): Promise<AttachmentTray> {
    this.#trayLoading ??= this.#loadTray().then((Tray) =>
      this.tray.value = new Tray({
        upload: (id, files) => this.#api.uploadAttachments(id, files),
        discard: (id, fileId) => this.#api.discardAttachment(id, fileId),
        conversationId: () => this.conversation.peek()?.id ?? null,
      })
    ).finally(() => (this.#trayLoading = null));
    return this.#trayLoading;
  }

  /**
   * Send `text` (the composer's by default) with the composer's files and
   * stream the reply; resolves when the reply has ended. Shown at once;
   * put back if refused (the files stay in the composer until accepted).
   */
  send(text: string = this.draft.peek()): Promise<void> {
    const content = text.trim();
    const tray = this.tray.peek();
    const keys = tray?.chips.peek().map((c) => c.key) ?? [];
    if ((!content && !keys.length) || this.busy.peek()) {
      return Promise.resolve();
    }
    const before = this.messages.peek();
    // Answer what is shown: the new message follows the last one here
    // (kept on it, so that editing it later branches from the right place).
    const parentId = before.at(-1)?.id ?? null;
    const pending = { ...pendingMessage(content, tray?.records()), parentId };
    batch(() => {
      this.messages.value = [...before, pending];
      this.draft.value = "";
    });
    // Stop while the files upload: the message is not sent (see `stop`).
    const run = { cancelled: false };
    this.#uploading = keys.length ? run : null;
    return this.#startReply(
      async (id) => {
        if (!tray || !keys.length) {
          return this.#api.send(id, this.#withModel({ content, parentId }));
        }
        const attachments = await tray.upload(id).finally(() =>
          this.#uploading = null
        );
        if (run.cancelled) throw new NotSent();
        // Shown with the stored records: their links work at once.
        this.messages.value = this.messages.peek().map((m) =>
          m.id === pending.id ? { ...m, attachments } : m
        );
        const response = await this.#api.send(
          id,
          this.#withModel({
            content,
            parentId,
            attachmentIds: attachments.map((a) => a.id),
          }),
        );
        tray.take(keys);
        return response;
      },
      () => {
        batch(() => {
          this.messages.value = before;
          this.draft.value = content;
        });
      },
    ).finally(() => {
      // Refused before the upload began: nothing is left to cancel.
      if (this.#uploading === run) this.#uploading = null;
    });
  }

  /**
   * Answer a question again (the one `reply` answers; by default the last
   * one shown): the new reply becomes a version beside the old, which is
   * kept. Resolves when the reply has ended.
   */
  regenerate(reply?: ChatMessage): Promise<void> {
    return this.#more((more, core) => more.regenerate(core, reply));
  }

  /**
   * Write more of `reply` (cut by the length limit or an interruption):
   * the same message grows as the rest streams in.
   */
  continueReply(reply: ChatMessage): Promise<void> {
    return this.#more((more, core) => more.continueReply(core, reply));
  }

  /**
   * Show another version of `message` (`step` -1: the one before, 1: the
   * one after) and the conversation that followed it. Remembered on the
   * server, so a reload and the other tabs show it too.
   */
  showVersion(message: ChatMessage, step: -1 | 1): Promise<void> {
    return this.#more((more, core) => more.showVersion(core, message, step));
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
    return this.#more((more, core) => more.saveEdit(core));
  }

  /** Stop the running reply; what was written is kept. */
  async stop(): Promise<void> {
    if (this.#uploading) {
      // Nothing runs yet: the message goes back to the composer instead.
      this.#uploading.cancelled = true;
      return;
    }
    const current = this.conversation.peek();
    if (!current || !this.busy.peek()) return;
    try {
      await this.#api.stop(current.id);
    } catch (error) {
      this.#toast(
        "error",
        error instanceof ApiError && error.status === 0
          ? "Could not reach the server to stop the reply."
          : messageOf(error),
      );
    }
  }

  /**
   * Ask the server for its models once, when the picker is first used: a
   * local server may have gained models since the page was rendered.
   */
  refreshModels(): Promise<void> {
    return this.#more((more, core) => more.refreshModels(core));
  }

  /** Save fields of the open conversation; false (and a toast) on failure. */
  update(fields: ChatSettings): Promise<boolean> {
    return this.#more((more, core) => more.update(core, fields), false);
  }

  /**
   * Start a new chat from a preset: its model now, its system prompt and
   * temperature when the conversation is created (first message).
   */
  applyPreset(
    preset: PendingSettings & { model: string | null },
  ): void {
    if (this.conversation.peek()) return;
    if (preset.model) this.model.value = preset.model;
    this.#inner().pending = {
      systemPrompt: preset.systemPrompt,
      temperature: preset.temperature,
    };
  }

  /** Pick the model for this conversation's next replies. */
  changeModel(id: string): Promise<boolean> {
    this.model.value = id;
    return this.update({ model: id });
  }

  /** Save the settings dialog's values; true when stored. */
  saveSettings(values: ChatSettings): Promise<boolean> {
    return this.#more((more, core) => more.saveSettings(core, values), false);
  }

  /**
   * Make sure message `id` is shown: a search result may point before the
   * messages the page rendered, so those are loaded first. Whether it is
   * shown now (not when it is in another version of the conversation).
   */
  async reveal(id: string): Promise<boolean> {
    const shown = () => this.messages.peek().some((m) => m.id === id);
    if (shown() || this.earlier.peek() === 0) return shown();
    await this.loadEarlier();
    return shown();
  }

  /** Put the messages the page left out in front of the ones shown. */
  loadEarlier(): Promise<void> {
    return this.#more((more, core) => more.loadEarlier(core));
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
    return this.#more((more, core) => more.receive(core, message));
  }

  /**
   * Start loading the actions that are not part of the page's download
   * (edit, versions, settings…), when a person reaches for one of them:
   * the click that follows then acts at once.
   */
  preload(): void {
    loadMore().catch(() => {/* the click tries again */});
  }

  /**
   * Run one of the actions loaded on first use. The first click waits for
   * them and then acts; when they cannot be loaded (a network drop), a
   * toast says so and `otherwise` is the result.
   */
  async #more<T>(
    run: (more: More, core: ChatCore) => Promise<T>,
    otherwise?: T,
  ): Promise<T> {
    let more: More;
    try {
      more = await loadMore();
    } catch {
      this.#toast(
        "error",
        "Could not load that part of the app. Check the connection.",
      );
      return otherwise as T;
    }
    return await run(more, this.#inner());
  }

  #inner(): ChatCore {
    return this.#core ??= {
      model: this,
      api: this.#api,
      pending: {},
      modelsFresh: false,
      startReply: (request, undo, options) =>
        this.#startReply(request, undo, options),
      follow: (id) => this.#follow(id, null),
      resetSeq: () => (this.#lastSeq = -1),
      ensureConversation: (settings) => this.#ensureConversation(settings),
      loadTree: (id) => this.#loadTree(id),
      showBranch: (tree, leafId) => this.#showBranch(tree, leafId),
      withHtml: (message, render) => this.#withHtml(message, render),
      renderer: this.#renderer,
      withModel: (body) => this.#withModel(body),
      pendingMessage,
      broadcast: this.#broadcast,
      toast: (kind, text) => this.#toast(kind, text),
      fail: (error) => this.#toast("error", messageOf(error)),
    };
  }

  /** Replace the messages with the server's copy; follow a running reply. */
  async resync(id: string): Promise<void> {
    const data = await this.#api.read(id);
    this.#tree = data.messages;
    batch(() => {
      this.conversation.value = data.conversation;
      this.streaming.value = null;
    });
    const last = await this.#showBranch(
      data.messages,
      data.conversation.leafId,
    );
    if (last?.role === "assistant" && last.status === "streaming") {
      await this.#follow(id, null);
    }
  }

  /** Every message of the conversation (fetched once, then kept). */
  #loadTree(id: string): Promise<ChatMessage[]> {
    if (this.#tree) return Promise.resolve(this.#tree);
    this.#treeLoading ??= this.#api.read(id).then((data) => {
      this.#tree = data.messages;
      return data.messages;
    }).finally(() => (this.#treeLoading = null));
    return this.#treeLoading;
  }

  /**
   * Show the branch of `leafId`. The earlier messages the page left out
   * stay out (they are the same: a switch happens on a shown message).
   * Returns the branch's last message.
   */
  async #showBranch(
    tree: ChatMessage[],
    leafId: string | null,
  ): Promise<ChatMessage | undefined> {
    const { branchForShow } = await loadTreeWalks();
    const branch = branchForShow(tree, leafId);
    const hidden = Math.min(this.earlier.peek(), branch.length);
    const shown = branch.slice(hidden);
    const unrendered = shown.some((m) =>
      m.role === "assistant" && this.#html.get(m.id)?.content !== m.content
    );
    const render = unrendered ? await this.#renderer() : null;
    batch(() => {
      this.messages.value = shown.map((m) => this.#withHtml(m, render));
      this.earlier.value = hidden;
    });
    return branch.at(-1);
  }

  /** A reply with its markdown rendered (kept for when it shows again). */
  #withHtml(message: ChatMessage, render: RenderMarkdown | null): ChatMessage {
    if (message.role !== "assistant") return message;
    const kept = this.#html.get(message.id);
    // A reply shown while it streamed has more text now: render it again.
    let html = kept?.content === message.content ? kept.html : undefined;
    if (html === undefined && render) {
      html = render(message.content);
      this.#html.set(message.id, { content: message.content, html });
    }
    return html === undefined ? message : { ...message, html };
  }

  #withModel(body: SendBody): SendBody {
    return { ...body, model: this.model.peek() };
  }

  /** The conversation, created on the server on the first message. */
  async #ensureConversation(
    settings: { systemPrompt?: string; temperature?: number | null } = {},
  ): Promise<Conversation> {
    const existing = this.conversation.peek();
    if (existing) return existing;
    const created = await this.#api.create({
      model: this.model.peek(),
      ...this.#core?.pending,
      ...settings,
    });
    this.conversation.value = created;
    this.#shared.activeId.value = created.id;
    upsertConversation(this.#shared.conversations, created);
    this.#broadcast({ type: "conversation", conversation: created });
    this.#replaceUrl(`/c/${created.id}`);
    return created;
  }

  async #startReply(
    request: (conversationId: string) => Promise<Response>,
    undo: () => void,
    options: { branched?: boolean } = {},
  ): Promise<void> {
    this.phase.value = "waiting";
    this.#lastSeq = -1;
    try {
      const current = await this.#ensureConversation();
      const response = await request(current.id);
      this.#tree = null; // it grew
      this.#broadcast({ type: "reply", conversationId: current.id });
      await this.#follow(current.id, response);
      // A new version: show its "‹ n / n ›" beside the old ones.
      if (options.branched && !this.busy.peek()) await this.resync(current.id);
    } catch (error) {
      this.phase.value = "idle";
      undo();
      if (error instanceof NotSent) {
        this.announcement.value = "Not sent; the message is back in the box";
        return;
      }
      this.#toast("error", messageOf(error));
      // Another tab or device is writing a reply here: show it as it goes.
      const id = this.conversation.peek()?.id;
      if (error instanceof ApiError && error.status === 409 && id) {
        await this.resync(id).catch(() => {});
      }
    }
  }

  /**
   * Read a reply stream to its end; when the connection drops, reattach
   * with the last seq seen, waiting longer after each failure.
   */
  async #follow(id: string, first: Response | null): Promise<void> {
    if (this.phase.peek() === "idle") this.phase.value = "waiting";
    let response = first;
    for (let attempt = 0;; attempt++) {
      try {
        response ??= await this.#api.reattach(id, this.#lastSeq);
        if (response === null) {
          // Nothing runs any more: what was written is on the server.
          const cut = this.streaming.peek() !== null;
          this.phase.value = "idle";
          if (cut) await this.resync(id);
          return;
        }
        if (this.phase.peek() === "reconnecting") {
          this.phase.value = this.streaming.peek() ? "streaming" : "waiting";
        }
        attempt = 0;
        this.#finishing = null;
        await readNdjson<ChatEvent>(response, (event) => this.#onEvent(event));
        if (this.#finishing) return await this.#finishing;
      } catch (error) {
        if (
          error instanceof ApiError && error.status >= 400 &&
          error.status < 500
        ) {
          batch(() => {
            this.phase.value = "idle";
            this.streaming.value = null;
          });
          this.#toast("error", error.message);
          return;
        }
      }
      response = null;
      if (this.phase.peek() === "idle") return;
      this.phase.value = "reconnecting";
      await this.#sleep(Math.min(500 * 2 ** attempt, 8000));
    }
  }

  #onEvent(event: ChatEvent): void {
    if (event.seq <= this.#lastSeq) return; // seen before a reconnect
    this.#lastSeq = event.seq;
    switch (event.type) {
      case "start":
        // A continued reply shows the text it had, then what follows.
        this.#buffer = event.prefix ?? "";
        this.#thoughts = "";
        batch(() => {
          this.messages.value = this.messages.peek().map((m) =>
            m.id.startsWith("pending-") && m.role === "user"
              ? { ...m, id: event.userMessageId }
              : m
          ).filter((m) => m.id !== event.messageId);
          this.streaming.value = {
            id: event.messageId,
            text: this.#buffer,
            reasoning: "",
            model: event.model,
            createdAt: new Date().toISOString(),
          };
          this.phase.value = "streaming";
          this.announcement.value = "Assistant is replying";
        });
        break;
      case "delta":
        this.#buffer += event.text;
        this.#batcher.schedule();
        break;
      case "reasoning":
        this.#thoughts += event.text;
        this.#batcher.schedule();
        break;
      case "title":
        this.#retitle(event.title);
        break;
      case "done":
      case "error":
        this.#finishing = this.#finish(event);
        break;
    }
  }

  #retitle(title: string): void {
    const current = this.conversation.peek();
    if (!current) return;
    const updated = { ...current, title };
    this.conversation.value = updated;
    upsertConversation(this.#shared.conversations, updated);
    this.#broadcast({ type: "conversation", conversation: updated });
  }

  async #finish(event: DoneEvent | ErrorEvent): Promise<void> {
    const current = this.streaming.peek();
    if (!current) return;
    this.#batcher.flushNow();
    const render = await this.#renderer();
    const text = this.#buffer;
    const parentId = this.messages.peek().at(-1)?.id ?? null;
    const done: ChatMessage = this.#withHtml({
      id: current.id,
      parentId,
      role: "assistant",
      content: text,
      createdAt: current.createdAt,
      completedAt: new Date().toISOString(),
      status: event.status,
      model: current.model,
      finishReason: event.type === "done" ? event.finishReason : null,
      promptTokens: event.type === "done" ? event.usage.promptTokens : null,
      completionTokens: event.type === "done"
        ? event.usage.completionTokens
        : null,
      error: event.type === "error" ? event.message : null,
      ...(this.#thoughts ? { reasoning: this.#thoughts } : {}),
    }, render);
    batch(() => {
      this.messages.value = [...this.messages.peek(), done];
      this.streaming.value = null;
      this.phase.value = "idle";
      this.announcement.value = event.type === "error"
        ? `Reply failed: ${event.message.split("\n")[0]}`
        : event.status === "stopped"
        ? "Reply stopped"
        : "Reply finished";
    });
    // A failed reply says so once, where it failed (with Retry): no toast.
  }

  #toast(kind: Toast["kind"], text: string): void {
    showToast(this.#shared.toasts, { kind, text });
  }
}

/** Stop was pressed while the files uploaded: the message was not sent. */
class NotSent extends Error {}

/** The person's message, shown before the server has stored it. */
function pendingMessage(
  content: string,
  attachments: Attachment[] = [],
): ChatMessage {
  return {
    ...(attachments.length ? { attachments } : {}),
    id: `pending-${Date.now()}`,
    parentId: null,
    role: "user",
    content,
    createdAt: new Date().toISOString(),
    completedAt: null,
    status: "complete",
    model: null,
    finishReason: null,
    promptTokens: null,
    completionTokens: null,
    error: null,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
