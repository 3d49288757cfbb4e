/**
 * The chat's machinery, loaded when it is first needed (a message is
 * typed or sent, a reply runs on the page, a button is reached for), not
 * with the page: sending, streaming a reply and reattaching after a
 * dropped connection, stopping, files for the next message, and showing
 * another branch of the history. The state it works on lives in
 * `ChatModel` (chat_model.ts), which is the island's face; what it does
 * less often is in chat_more.ts.
 *
 * @module
 */
import { batch } from "@preact/signals";
import type { ChatEvent, DoneEvent, ErrorEvent } from "../api/mod.ts";
import type { Conversation } from "../api/mod.ts";
import { type Attachment, attachmentUrl } from "../api/attachments.ts";
import { branchForShow } from "../api/message_tree.ts";
import { ApiError, type SendBody } from "./api.ts";
import { api as pageApi, type ConversationApi } from "./conversation_api.ts";
import type { AttachmentTray } from "./attachments_model.ts";
import type { ChatCore, PendingSettings } from "./chat_core.ts";
import type {
  ChatModel,
  ChatModelOptions,
  RenderMarkdown,
} from "./chat_model.ts";
import { refreshModels } from "./chat_more.ts";
import { keepDraftFiles, loadDraftFiles } from "./draft_files.ts";
import type { ChatMessage } from "./chat_types.ts";
import { MESSAGE_DEFAULTS } from "./message_props.ts";
import { frameBatcher, readNdjson } from "./ndjson.ts";
import { showToast, type Toast } from "./toasts.ts";
import {
  broadcast as broadcastToTabs,
  upsertConversation,
  type WorkspaceMessage,
  type WorkspaceSignals,
} from "./workspace.ts";

export { more } from "./chat_more.ts";

/** What `ChatModel` does, behind its signals. */
export class ChatEngine implements ChatCore {
  readonly model: ChatModel;
  readonly api: ConversationApi;
  readonly renderer: () => Promise<RenderMarkdown | null>;
  readonly broadcast: (message: WorkspaceMessage) => void;
  modelsFresh = false;
  readonly pendingMessage = pendingMessage;
  #shared: WorkspaceSignals;
  #loadTray: () => Promise<typeof AttachmentTray>;
  #trayLoading: Promise<AttachmentTray> | null = null;
  /** A send waiting for its files to upload; stop cancels it. */
  #uploading: { cancelled: boolean } | null = null;
  #replaceUrl: (url: string) => void;
  #sleep: (ms: number) => Promise<void>;
  #batcher: { schedule(): void; flushNow(): void };
  /** Seq of the last event seen: a reattach asks for what came after. */
  #lastSeq = -1;
  /** Text of the streaming reply, ahead of what `streaming` shows. */
  #buffer = "";
  /** Its reasoning, likewise. */
  #thoughts = "";
  /** Storing the finished reply, once its last event arrived. */
  #finishing: Promise<void> | null = null;
  /** Every message of the conversation, once loaded (for switching). */
  #tree: ChatMessage[] | null = null;
  #treeLoading: Promise<ChatMessage[]> | null = null;
  /** Rendered markdown by message id: a branch shown again is not re-rendered. */
  #html = new Map<string, { content: string; html: string }>();

  /** Work on `model`, with the options the page gave it. */
  constructor(
    model: ChatModel,
    shared: WorkspaceSignals,
    options: ChatModelOptions,
  ) {
    this.model = model;
    this.#shared = shared;
    this.api = options.api ?? pageApi;
    this.#loadTray = options.loadTray ??
      (() => import("./attachments_model.ts").then((m) => m.AttachmentTray));
    for (const m of options.messages) {
      if (m.html) this.#html.set(m.id, { content: m.content, html: m.html });
    }
    this.renderer = options.renderer ?? (() => Promise.resolve(null));
    this.broadcast = options.broadcast ?? broadcastToTabs;
    this.#replaceUrl = options.replaceUrl ?? (() => {});
    this.#sleep = options.sleep ??
      ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.#batcher = frameBatcher(() => {
      const current = model.streaming.peek();
      if (current) {
        model.streaming.value = {
          ...current,
          text: this.#buffer,
          reasoning: this.#thoughts,
        };
      }
    }, options.frame);
  }

  /**
   * Reattach to a reply still running when the page was opened (or
   * reloaded); resolves once it has finished. Does nothing otherwise.
   */
  async resume(): Promise<void> {
    const current = this.model.conversation.peek();
    const last = this.model.messages.peek().at(-1);
    if (current && last?.role === "assistant" && last.status === "streaming") {
      this.#lastSeq = -1;
      await this.#follow(current.id, null);
    }
  }

  /**
   * A person reaches for a control: when versions are shown, have the
   * whole tree ready so that switching is instant.
   */
  warm(): void {
    const current = this.model.conversation.peek();
    if (current && this.model.messages.peek().some((m) => m.siblingIds)) {
      this.loadTree(current.id).catch(() => {});
    }
  }

  /** Follow the reply running in conversation `id` (see `resetSeq`). */
  follow(id: string): Promise<void> {
    return this.#follow(id, null);
  }

  /** Forget the last event seen: the next reply starts afresh. */
  resetSeq(): void {
    this.#lastSeq = -1;
  }

  /** Say what went wrong in a toast. */
  fail(error: unknown): void {
    this.toast("error", messageOf(error));
  }

  /**
   * Put files (picked, dropped, pasted) in the composer for the next
   * message; see `AttachmentTray.add` for the checks.
   */
  async attach(files: File[]): Promise<void> {
    if (!files.length) return;
    let added;
    try {
      added = (await this.#openTray()).add(files);
    } catch {
      this.toast("error", "Could not attach the files. Check the connection.");
      return;
    }
    if (added.length) {
      this.model.announcement.value = `Attached ${
        added.map((c) => c.name).join(", ")
      }`;
    }
    // Whether the models read images is in the server's list.
    if (added.some((c) => c.kind === "image")) void refreshModels(this);
  }

  /**
   * Put back the files kept with the draft over a reload (draft_files.ts)
   * that the server still has; those it no longer has are left out, and
   * so are those a shown message already carries (the page was left while
   * they were being sent).
   */
  async restoreFiles(): Promise<void> {
    const storage = this.model.storage;
    const id = this.model.conversation.peek()?.id;
    const key = this.model.filesKey();
    if (!storage || !id || !key) return;
    const sent = new Set(
      this.model.messages.peek().flatMap((m) =>
        m.attachments?.map((a) => a.id) ?? []
      ),
    );
    const kept = loadDraftFiles(storage, key).filter((a) => !sent.has(a.id));
    const there = await Promise.all(
      kept.map((a) => this.api.hasAttachment(id, a.id)),
    );
    try {
      const tray = await this.#openTray();
      tray.restore(
        kept.filter((_, i) => there[i]),
        (a) => attachmentUrl(id, a.id),
      );
    } catch {
      // Not shown now; still kept for the next load.
    }
  }

  /** The composer's tray: the open one, or loaded and opened now. */
  #openTray(): Promise<AttachmentTray> {
    const open = this.model.tray.peek();
    if (open) return Promise.resolve(open);
    const conversationId = () => this.model.conversation.peek()?.id ?? null;
    this.#trayLoading ??= this.#loadTray().then((Tray) => {
      const tray = new Tray({
        upload: (id, files) => this.api.uploadAttachments(id, files),
        discard: (id, fileId) => this.api.discardAttachment(id, fileId),
        conversationId,
      });
      const storage = this.model.storage;
      if (storage) keepDraftFiles(tray, storage, () => this.model.filesKey());
      return this.model.tray.value = tray;
    }).finally(() => (this.#trayLoading = null));
    return this.#trayLoading;
  }

  /**
   * Send `text` (the composer's by default) with the composer's files and
   * stream the reply; resolves when the reply has ended. Shown at once;
   * put back if refused (the files stay in the composer until accepted).
   */
  send(text: string = this.model.draft.peek()): Promise<void> {
    const content = text.trim();
    const tray = this.model.tray.peek();
    const keys = tray?.chips.peek().map((c) => c.key) ?? [];
    if ((!content && !keys.length) || this.model.busy.peek()) {
      return Promise.resolve();
    }
    const before = this.model.messages.peek();
    // Answer what is shown: the new message follows the last one here
    // (kept on it, so that editing it later branches from the right place).
    const parentId = before.at(-1)?.id ?? null;
    const pending = { ...pendingMessage(content, tray?.records()), parentId };
    batch(() => {
      this.model.messages.value = [...before, pending];
      this.model.draft.value = "";
    });
    // Stop while the files upload: the message is not sent (see `stop`).
    const run = { cancelled: false };
    this.#uploading = keys.length ? run : null;
    return this.startReply(
      async (id) => {
        if (!tray || !keys.length) {
          return this.api.send(id, this.withModel({ content, parentId }));
        }
        const attachments = await tray.upload(id).finally(() =>
          this.#uploading = null
        );
        if (run.cancelled) throw new NotSent();
        // Shown with the stored records: their links work at once.
        this.model.messages.value = this.model.messages.peek().map((m) =>
          m.id === pending.id ? { ...m, attachments } : m
        );
        const response = await this.api.send(
          id,
          this.withModel({
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
          this.model.messages.value = before;
          this.model.draft.value = content;
        });
      },
    ).finally(() => {
      // Refused before the upload began: nothing is left to cancel.
      if (this.#uploading === run) this.#uploading = null;
    });
  }

  /** Stop the running reply; what was written is kept. */
  async stop(): Promise<void> {
    if (this.#uploading) {
      // Nothing runs yet: the message goes back to the composer instead.
      this.#uploading.cancelled = true;
      return;
    }
    const current = this.model.conversation.peek();
    if (!current || !this.model.busy.peek()) return;
    try {
      await this.api.stop(current.id);
    } catch (error) {
      this.toast(
        "error",
        error instanceof ApiError && error.status === 0
          ? "Could not reach the server to stop the reply."
          : messageOf(error),
      );
    }
  }

  /** Replace the messages with the server's copy; follow a running reply. */
  async resync(id: string): Promise<void> {
    const data = await this.api.read(id);
    this.#tree = data.messages;
    batch(() => {
      this.model.conversation.value = data.conversation;
      this.model.streaming.value = null;
    });
    const last = await this.showBranch(
      data.messages,
      data.conversation.leafId,
    );
    if (last?.role === "assistant" && last.status === "streaming") {
      await this.#follow(id, null);
    }
  }

  /** Every message of the conversation (fetched once, then kept). */
  loadTree(id: string): Promise<ChatMessage[]> {
    if (this.#tree) return Promise.resolve(this.#tree);
    this.#treeLoading ??= this.api.read(id).then((data) => {
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
  async showBranch(
    tree: ChatMessage[],
    leafId: string | null,
  ): Promise<ChatMessage | undefined> {
    const branch = branchForShow(tree, leafId);
    const hidden = Math.min(this.model.earlier.peek(), branch.length);
    const shown = branch.slice(hidden);
    const unrendered = shown.some((m) =>
      m.role === "assistant" && this.#html.get(m.id)?.content !== m.content
    );
    const render = unrendered ? await this.renderer() : null;
    batch(() => {
      this.model.messages.value = shown.map((m) => this.withHtml(m, render));
      this.model.earlier.value = hidden;
    });
    return branch.at(-1);
  }

  /** A reply with its markdown rendered (kept for when it shows again). */
  withHtml(message: ChatMessage, render: RenderMarkdown | null): ChatMessage {
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

  withModel(body: SendBody): SendBody {
    return { ...body, model: this.model.model.peek() };
  }

  /** The conversation, created on the server on the first message. */
  async ensureConversation(
    settings: PendingSettings = {},
  ): Promise<Conversation> {
    const existing = this.model.conversation.peek();
    if (existing) return existing;
    const created = await this.api.create({
      model: this.model.model.peek(),
      ...this.model.pending,
      ...settings,
    });
    this.model.conversation.value = created;
    this.#shared.activeId.value = created.id;
    upsertConversation(this.#shared.conversations, created);
    this.broadcast({ type: "conversation", conversation: created });
    this.#replaceUrl(`/c/${created.id}`);
    return created;
  }

  async startReply(
    request: (conversationId: string) => Promise<Response>,
    undo: () => void,
    options: { branched?: boolean } = {},
  ): Promise<void> {
    this.model.phase.value = "waiting";
    this.#lastSeq = -1;
    try {
      const current = await this.ensureConversation();
      const response = await request(current.id);
      this.#tree = null; // it grew
      this.broadcast({ type: "reply", conversationId: current.id });
      await this.#follow(current.id, response);
      // A new version: show its "‹ n / n ›" beside the old ones.
      if (options.branched && !this.model.busy.peek()) {
        await this.resync(current.id);
      }
    } catch (error) {
      this.model.phase.value = "idle";
      undo();
      if (error instanceof NotSent) {
        this.model.announcement.value =
          "Not sent; the message is back in the box";
        return;
      }
      this.toast("error", messageOf(error));
      // Another tab or device is writing a reply here: show it as it goes.
      const id = this.model.conversation.peek()?.id;
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
    if (this.model.phase.peek() === "idle") this.model.phase.value = "waiting";
    let response = first;
    for (let attempt = 0;; attempt++) {
      try {
        response ??= await this.api.reattach(id, this.#lastSeq);
        if (response === null) {
          // Nothing runs any more: what was written is on the server.
          const cut = this.model.streaming.peek() !== null;
          this.model.phase.value = "idle";
          if (cut) await this.resync(id);
          return;
        }
        if (this.model.phase.peek() === "reconnecting") {
          this.model.phase.value = this.model.streaming.peek()
            ? "streaming"
            : "waiting";
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
            this.model.phase.value = "idle";
            this.model.streaming.value = null;
          });
          this.toast("error", error.message);
          return;
        }
      }
      response = null;
      if (this.model.phase.peek() === "idle") return;
      this.model.phase.value = "reconnecting";
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
          this.model.messages.value = this.model.messages.peek().map((m) =>
            m.id.startsWith("pending-") && m.role === "user"
              ? { ...m, id: event.userMessageId }
              : m
          ).filter((m) => m.id !== event.messageId);
          this.model.streaming.value = {
            id: event.messageId,
            text: this.#buffer,
            reasoning: "",
            model: event.model,
            createdAt: new Date().toISOString(),
          };
          this.model.phase.value = "streaming";
          this.model.announcement.value = "Assistant is replying";
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
    const current = this.model.conversation.peek();
    if (!current) return;
    const updated = { ...current, title };
    this.model.conversation.value = updated;
    upsertConversation(this.#shared.conversations, updated);
    this.broadcast({ type: "conversation", conversation: updated });
  }

  async #finish(event: DoneEvent | ErrorEvent): Promise<void> {
    const current = this.model.streaming.peek();
    if (!current) return;
    this.#batcher.flushNow();
    const render = await this.renderer();
    const text = this.#buffer;
    const parentId = this.model.messages.peek().at(-1)?.id ?? null;
    const done: ChatMessage = this.withHtml({
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
      this.model.messages.value = [...this.model.messages.peek(), done];
      this.model.streaming.value = null;
      this.model.phase.value = "idle";
      this.model.announcement.value = event.type === "error"
        ? `Reply failed: ${event.message.split("\n")[0]}`
        : event.status === "stopped"
        ? "Reply stopped"
        : "Reply finished";
    });
    // A failed reply says so once, where it failed (with Retry): no toast.
  }

  /** Show a toast. */
  toast(kind: Toast["kind"], text: string): void {
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
    ...MESSAGE_DEFAULTS,
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
