/**
 * The generation service: starts a reply as a task of the server, not of
 * the HTTP request that asked for it. The request only subscribes to the
 * reply's event log; it can go away and come back (reattach) without the
 * reply noticing. Only `stop`, a provider failure or shutdown end a reply,
 * and in every case the text so far is stored with how it ended.
 *
 * @module
 */
import {
  deriveTitle,
  generateTitle,
  type ModelRegistry,
  pumpReply,
  type ReplyUsage,
  type ResolvedModel,
  toProviderError,
} from "../ai/mod.ts";
import {
  AppError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  ValidationError,
} from "../errors.ts";
import {
  type ChatStore,
  type Conversation,
  type ConversationPatch,
  type ConversationWithMessages,
  isId,
  type Message,
  type NewConversation,
  newId,
  type NewMessage,
} from "../store/mod.ts";
import { pathTo, shownPath } from "../api/message_tree.ts";
import { Checkpointer } from "./checkpointer.ts";
import { checkAttachmentIds, resolveAttachments } from "./attachments.ts";
import { questionAfter } from "./question.ts";
import type { Attachment } from "../api/attachments.ts";
import {
  buildContext,
  DEFAULT_CONTEXT_CHARS,
  loadTurnFiles,
} from "./context.ts";
import type { ReplyStatus } from "./events.ts";
import { ReplyRun } from "./reply_run.ts";
import { ReplySpan } from "../telemetry/mod.ts";
import {
  type FollowableRun,
  LocalReplyBus,
  type ReplyBus,
  type StopOutcome,
} from "./bus/mod.ts";

/** Title the store gives a conversation nobody named; replaced automatically. */
export const UNTITLED = "New chat";

/** The value of `promise` if it settles within this turn, else undefined. */
function readyNow<T>(promise: Promise<T>): Promise<T | undefined> {
  return Promise.race([
    promise,
    new Promise<undefined>((resolve) => setTimeout(resolve, 0)),
  ]);
}

/** Times a send resolves its model again when it changed meanwhile. */
const MAX_MODEL_CHANGES = 3;

/**
 * Out of a send's decision when the conversation's model is no longer the
 * one resolved (the message is not stored): resolve `model`, then again.
 */
class ModelChanged extends Error {
  constructor(readonly model: string | null) {
    super("The conversation's model changed");
  }
}

/** Options of {@linkcode ChatService}. */
export interface ChatServiceOptions {
  store: ChatStore;
  models: ModelRegistry;
  /** Longest user message in characters (413 beyond). */
  maxMessageChars?: number;
  /**
   * Longest reply kept, in characters: the reply ends there with finish
   * reason `length` and its text is stored. Default 2,000,000.
   */
  maxReplyChars?: number;
  /** Shortest time between two checkpoints of a reply, in milliseconds. */
  checkpointMs?: number;
  /**
   * Checkpoint writes per second the service aims not to exceed across all
   * running replies; with many replies each one saves less often (1,000
   * replies at 200/s: every 5 s). Default 200.
   */
  checkpointsPerSecond?: number;
  /** How long a finished reply's events stay available to reattach. */
  graceMs?: number;
  /**
   * Most bytes finished replies keep in memory for reattach; beyond it
   * the oldest drop their text (stored; 4 bytes an event stay), then are
   * forgotten. Default 32 MiB.
   */
  maxRecentBytes?: number;
  /** History budget sent to the model, in characters. */
  contextChars?: number;
  /** Longest wait for an automatic title, in milliseconds. */
  titleTimeoutMs?: number;
  /** Where unexpected failures (a store write) are reported. */
  log?: (message: string, error?: unknown) => void;
  /**
   * How replies are shared with other instances (Deno KV); by default
   * nothing is shared. The service closes it on shutdown.
   */
  bus?: ReplyBus;
}

/** Body of a send: the new message, or the new text of an earlier one. */
export interface SendInput {
  /** The message text. */
  content: unknown;
  /** Model id for this reply (and, from now on, the conversation). */
  model?: unknown;
  /**
   * The message this one follows: by default the end of the shown branch;
   * an earlier message starts a new branch there (an edit); null a new
   * first message.
   */
  parentId?: unknown;
  /**
   * An earlier user message this one is a new version of: same as
   * `parentId` set to that message's parent. The old one is kept.
   */
  editMessageId?: unknown;
  /**
   * Files uploaded to the conversation to attach (see
   * lib/api/attachments.ts); with files the text may be empty. An edit
   * without this list keeps the files of the message it edits.
   */
  attachmentIds?: unknown;
}

/** Body of a regenerate. */
export interface RegenerateInput {
  /** Model id for the new reply. */
  model?: unknown;
  /**
   * The user message to answer again (or a reply, meaning the message it
   * answers); by default the last one of the shown branch.
   */
  messageId?: unknown;
}

/** Body of a continue. */
export interface ContinueInput {
  /** Model id for the rest of the reply. */
  model?: unknown;
  /** The reply to continue; by default the last one of the shown branch. */
  messageId?: unknown;
}

interface Prepared {
  conversation: Conversation;
  resolved: ResolvedModel;
  userMessage: Message;
  /** Messages up to and including `userMessage`. */
  history: Message[];
  /** The first words of the question, given as title at once. */
  provisionalTitle?: string;
  /** Settles once the provisional title is stored (never rejects). */
  titleSaved?: Promise<void>;
  /** The reply being continued (its text is extended, not replaced). */
  continuing?: Message;
}

/** Runs replies: one at a time per conversation, detached from requests. */
export class ChatService {
  #store: ChatStore;
  #models: ModelRegistry;
  #maxChars: number;
  #maxReplyChars: number;
  #checkpointMs: number;
  #checkpointsPerSecond: number;
  #graceMs: number;
  #maxRecentBytes: number;
  #contextChars: number;
  #titleTimeoutMs: number;
  #log: (message: string, error?: unknown) => void;
  #bus: ReplyBus;
  /** Conversation id → its running reply, or `null` while one is being set up. */
  #active = new Map<string, ReplyRun | null>();
  /** Finished replies kept for reattach during the grace period. */
  #recent = new Map<
    string,
    { run: ReplyRun; timer: ReturnType<typeof setTimeout> }
  >();
  #tasks = new Set<Promise<void>>();
  #closing = new AbortController();
  /** Conversations being deleted: no reply may start in them. */
  #deleting = new Map<string, Promise<void>>();
  /** Replies being set up (between the reservation and the run). */
  #setups = new Map<string, Promise<unknown>>();

  /**
   * Largest body a send request may have, in bytes: the longest message
   * at six bytes a character (JSON escapes), plus room for the other
   * fields. Beyond it the body is refused (413) without being read.
   */
  get maxSendBytes(): number {
    return this.#maxChars * 6 + 64 * 1024;
  }

  /** Create the service over a store and a model registry. */
  constructor(options: ChatServiceOptions) {
    this.#store = options.store;
    this.#models = options.models;
    this.#maxChars = options.maxMessageChars ?? 100_000;
    this.#maxReplyChars = options.maxReplyChars ?? 2_000_000;
    this.#checkpointMs = options.checkpointMs ?? 500;
    this.#checkpointsPerSecond = options.checkpointsPerSecond ?? 200;
    this.#graceMs = options.graceMs ?? 60_000;
    this.#maxRecentBytes = options.maxRecentBytes ?? 32 * 1024 * 1024;
    this.#contextChars = options.contextChars ?? DEFAULT_CONTEXT_CHARS;
    this.#titleTimeoutMs = options.titleTimeoutMs ?? 10_000;
    this.#log = options.log ??
      ((message, error) => console.error(message, error ?? ""));
    this.#bus = options.bus ?? new LocalReplyBus();
  }

  /**
   * Store a user message and start the reply. The message follows the end
   * of the shown branch, or `parentId` (a new branch: nothing is dropped).
   * Throws before anything is stored on bad input: `ValidationError`
   * (empty, unknown model or parent), `PayloadTooLargeError`,
   * `NotFoundError` (conversation), `ConflictError`: a reply is running,
   * or (`reason: "model-changed"`, a send naming no model) the
   * conversation's model changed each time the message was about to be
   * stored, 3 times over; nothing was stored, and sending again works once
   * the changes stop.
   */
  async send(conversationId: string, input: SendInput): Promise<ReplyRun> {
    const content = this.#checkContent(input.content);
    const fileIds = checkAttachmentIds(input.attachmentIds);
    const editId = optionalId(input.editMessageId, "editMessageId");
    const wanted = input.parentId === undefined
      ? undefined
      : input.parentId === null
      ? null
      : optionalId(input.parentId, "parentId");
    return await this.#start(conversationId, input.model, async (model) => {
      // Before the conversation's turn is held, as the model's resolution
      // is: a 404 for the chat, then the files' lookup (a store call of
      // its own).
      const known = await this.#store.peekConversation(conversationId);
      const files = fileIds
        ? await resolveAttachments(this.#store, conversationId, fileIds)
        : undefined;
      const { resolved, read, message: userMessage } = await this
        .#appendWithModel(conversationId, {
          model: model || undefined,
          named: known.model,
          decide: (read) =>
            questionAfter(read, {
              content,
              editId,
              parentId: wanted,
              attachments: files,
            }),
        });
      const { parentId, attachments } = userMessage;
      const { conversation, messages } = read;
      // The sidebar names a new chat after its question at once, so a
      // crash or a failed reply never leaves it "New chat".
      const first = !messages.some((m) => m.role === "user");
      const provisionalTitle = first && conversation.title === UNTITLED
        ? deriveTitle(content.trim() || titleOfFiles(attachments))
        : undefined;
      // Written while the reply starts, not before: the index rewrite
      // is not what the first delta should wait for. The store queues it
      // ahead of the reply's own rows, and `done` waits for those.
      const titleSaved = provisionalTitle
        ? this.#store.updateConversation(conversationId, {
          title: provisionalTitle,
        }).then(() => {}, (error) => {
          if (!(error instanceof NotFoundError)) {
            this.#log("Could not store the title:", error);
          }
        })
        : undefined;
      return {
        conversation: provisionalTitle
          ? { ...conversation, title: provisionalTitle }
          : conversation,
        resolved,
        userMessage,
        history: [...pathTo(messages, parentId), userMessage],
        provisionalTitle,
        titleSaved,
      };
    });
  }

  /**
   * Answer a user message again (by default the last of the shown
   * branch): a new reply beside the old ones, which are kept.
   * `ValidationError` when there is no such user message.
   */
  regenerate(
    conversationId: string,
    input: RegenerateInput = {},
  ): Promise<ReplyRun> {
    const messageId = optionalId(input.messageId, "messageId");
    return this.#start(
      conversationId,
      input.model,
      (model) =>
        this.#readThen(conversationId, model, (conversation, messages) => {
          let userMessage: Message | undefined;
          if (messageId) {
            const named = messages.find((m) => m.id === messageId);
            userMessage = named?.role === "assistant"
              ? messages.find((m) => m.id === named.parentId)
              : named;
            if (userMessage?.role !== "user") {
              throw new ValidationError(
                "messageId must name a message of this conversation that " +
                  "answers or is a user message",
                { field: "messageId" },
              );
            }
          } else {
            userMessage = shownPath(messages, conversation.leafId)
              .findLast((m) => m.role === "user");
          }
          if (!userMessage) {
            throw new ValidationError("There is no message to answer yet.");
          }
          const history = pathTo(messages, userMessage.id);
          return { conversation, userMessage, history };
        }),
    );
  }

  /**
   * Change a conversation's settings. A model must be one the server
   * offers (400 otherwise, not a failure at the next send).
   */
  async updateConversation(
    conversationId: string,
    patch: ConversationPatch,
  ): Promise<Conversation> {
    return await this.#store.updateConversation(
      conversationId,
      await this.#offeredModel(patch),
    );
  }

  /**
   * Create a conversation. A model must be one the server offers (400
   * otherwise), as in {@linkcode ChatService.updateConversation}.
   */
  async createConversation(input: NewConversation): Promise<Conversation> {
    return await this.#store.createConversation(
      await this.#offeredModel(input),
    );
  }

  /** The fields with their model checked against the offered models. */
  async #offeredModel<T extends { model?: string | null }>(
    fields: T,
  ): Promise<T> {
    if (typeof fields.model !== "string" || fields.model.trim() === "") {
      return fields;
    }
    return {
      ...fields,
      model: (await this.#models.resolve(fields.model)).info.id,
    };
  }

  /**
   * Move a conversation to the trash, in a defined order: from the moment
   * this is called no reply starts in it (a racing send gets 404); a
   * reply being set up or running is stopped and stored first, so the
   * trashed conversation holds it; then the conversation is moved.
   */
  async deleteConversation(conversationId: string): Promise<void> {
    const pending = this.#deleting.get(conversationId);
    if (pending) return await pending;
    const deleting = (async () => {
      await this.#store.getConversation(conversationId);
      for (let run = this.#active.get(conversationId); run !== undefined;) {
        if (run === null) await this.#setupOf(conversationId);
        else await this.stop(conversationId);
        run = this.#active.get(conversationId);
      }
      await this.#store.deleteConversation(conversationId);
    })();
    this.#deleting.set(conversationId, deleting);
    try {
      await deleting;
    } finally {
      this.#deleting.delete(conversationId);
    }
  }

  /** Settles when the reply being set up in the conversation has started. */
  #setupOf(conversationId: string): Promise<unknown> {
    return this.#setups.get(conversationId) ?? Promise.resolve();
  }

  /**
   * Write more of a reply that ended early (the length limit, a stop or an
   * interruption): the same message grows, no new turn is added. The model
   * is shown the conversation up to and including what the reply says so
   * far. `ValidationError` when there is no such reply.
   */
  continue(
    conversationId: string,
    input: ContinueInput = {},
  ): Promise<ReplyRun> {
    const messageId = optionalId(input.messageId, "messageId");
    return this.#start(
      conversationId,
      input.model,
      (model) =>
        this.#readThen(conversationId, model, (conversation, messages) => {
          const reply = messageId
            ? messages.find((m) => m.id === messageId)
            : shownPath(messages, conversation.leafId).at(-1);
          const userMessage = reply &&
            messages.find((m) => m.id === reply.parentId);
          if (
            reply?.role !== "assistant" || reply.status === "streaming" ||
            userMessage?.role !== "user"
          ) {
            throw new ValidationError("There is no reply to continue.", {
              field: "messageId",
            });
          }
          const history = pathTo(messages, reply.id);
          return { conversation, userMessage, history, continuing: reply };
        }),
    );
  }

  /**
   * Resolve the model (the one the send names, else the conversation's as
   * last known), then read and append as one step of the store: one reply
   * at a time per conversation, nothing else adds messages in between,
   * and the turn is not held while a provider's model list is fetched.
   * When the conversation's model changed meanwhile (a PATCH, a hand
   * edit), nothing is stored: the model now named is resolved and the
   * message decided again, so the reply is written by the model the
   * conversation has when its question is stored.
   */
  async #appendWithModel(
    conversationId: string,
    options: {
      model: string | undefined;
      named: string | null;
      decide: (read: ConversationWithMessages) => NewMessage;
    },
  ): Promise<
    {
      resolved: ResolvedModel;
      read: ConversationWithMessages;
      message: Message;
    }
  > {
    const { model, decide } = options;
    let named = options.named;
    for (let tries = 1;; tries++) {
      const resolved = await this.#resolveNamed(conversationId, {
        model,
        named,
      });
      named = resolved.named;
      try {
        return {
          resolved: resolved.model,
          ...await this.#store.appendAfterRead(conversationId, (read) => {
            const now = read.conversation.model;
            if (model === undefined && now !== named) {
              throw new ModelChanged(now);
            }
            return decide(read);
          }),
        };
      } catch (error) {
        if (!(error instanceof ModelChanged)) throw error;
        if (tries === MAX_MODEL_CHANGES) {
          throw new ConflictError(
            "The chat's model was changed several times while your message was being sent, so it was not sent. Send it again.",
            { reason: "model-changed" },
          );
        }
        named = error.model;
      }
    }
  }

  /**
   * Resolve the model a send names, else the conversation's as `named`.
   * When that one is not offered, the conversation as stored may have
   * moved on (a PATCH after the peek, a hand edit not noticed yet): its
   * model, when different, is resolved instead. Only a model that really
   * is not offered is a 400.
   */
  async #resolveNamed(
    conversationId: string,
    options: { model: string | undefined; named: string | null },
  ): Promise<{ model: ResolvedModel; named: string | null }> {
    const { model, named } = options;
    try {
      return { model: await this.#models.resolve(model ?? named), named };
    } catch (error) {
      if (model !== undefined || !(error instanceof ValidationError)) {
        throw error;
      }
      const stored = (await this.#store.getConversation(conversationId)).model;
      if (stored === named) throw error;
      return { model: await this.#models.resolve(stored), named: stored };
    }
  }

  /** Read the conversation, resolve the model, then prepare from them. */
  async #readThen(
    conversationId: string,
    model: string | null | undefined,
    prepare: (
      conversation: Conversation,
      messages: Message[],
    ) => Omit<Prepared, "resolved">,
  ): Promise<Prepared> {
    const { conversation, messages } = await this.#store.readConversation(
      conversationId,
    );
    const resolved = await this.#models.resolve(model || conversation.model);
    return { resolved, ...prepare(conversation, messages) };
  }

  /**
   * Stop the conversation's running reply, keeping its text (`stopped`).
   * Resolves once it is stored; `undefined` when no reply was running.
   */
  async stop(conversationId: string): Promise<StopOutcome | undefined> {
    const run = this.#active.get(conversationId);
    if (!run) return await this.#bus.stop(conversationId);
    run.abort("stopped");
    await run.finished;
    return run;
  }

  /**
   * The conversation's reply to reattach to: the running one, or one that
   * finished less than the grace period ago.
   */
  currentRun(conversationId: string): ReplyRun | undefined {
    return this.#active.get(conversationId) ??
      this.#recent.get(conversationId)?.run;
  }

  /**
   * The reply to reattach to, here or on another instance (through the
   * bus); undefined when none runs or just finished.
   */
  async findRun(conversationId: string): Promise<FollowableRun | undefined> {
    return this.currentRun(conversationId) ??
      await this.#bus.follow(conversationId);
  }

  /** Whether a reply is running (or being set up) in the conversation. */
  isRunning(conversationId: string): boolean {
    return this.#active.has(conversationId);
  }

  /** How many replies are running now. */
  get runningCount(): number {
    return this.#active.size;
  }

  /**
   * Server shutdown: refuse new replies, end running ones as
   * `interrupted` with their text stored, and forget finished ones.
   */
  async shutdown(): Promise<void> {
    this.#closing.abort();
    for (const run of this.#active.values()) run?.abort("interrupted");
    while (this.#tasks.size > 0) await Promise.allSettled([...this.#tasks]);
    for (const { timer } of this.#recent.values()) clearTimeout(timer);
    this.#recent.clear();
    await this.#bus.close();
  }

  #checkContent(content: unknown): string {
    if (typeof content !== "string") {
      throw new ValidationError("content must be a string", {
        field: "content",
      });
    }
    if (content.length > this.#maxChars) {
      throw new PayloadTooLargeError(
        `content is ${content.length} characters; the limit is ${this.#maxChars}`,
      );
    }
    return content;
  }

  async #start(
    conversationId: string,
    model: unknown,
    prepare: (model: string | null | undefined) => Promise<Prepared>,
  ): Promise<ReplyRun> {
    if (model !== undefined && model !== null && typeof model !== "string") {
      throw new ValidationError("model must be a model id", { field: "model" });
    }
    if (this.#closing.signal.aborted) {
      throw new AppError("The server is shutting down.", 503);
    }
    if (this.#deleting.has(conversationId)) {
      throw new NotFoundError("Conversation not found");
    }
    if (this.#active.has(conversationId)) {
      throw new ConflictError(
        "A reply is already being written in this conversation; stop it first.",
      );
    }
    // Reserve the conversation before the first await: two sends racing
    // here must not both start a reply.
    this.#active.set(conversationId, null);
    let setupDone!: () => void;
    this.#setups.set(conversationId, new Promise<void>((r) => setupDone = r));
    let run: ReplyRun;
    let prepared: Prepared;
    try {
      await this.#bus.claim(conversationId);
    } catch (error) {
      this.#active.delete(conversationId);
      throw error;
    }
    try {
      prepared = await prepare(model);
      const { conversation, resolved } = prepared;
      if (model && model !== conversation.model) {
        await this.#store.updateConversation(conversationId, {
          model: resolved.info.id,
        });
      }
      run = new ReplyRun({
        conversationId,
        messageId: prepared.continuing?.id ?? newId(),
        userMessageId: prepared.userMessage.id,
        model: resolved.info.id,
      });
    } catch (error) {
      this.#active.delete(conversationId);
      await this.#bus.release(conversationId);
      throw error;
    } finally {
      this.#setups.delete(conversationId);
      setupDone();
    }
    this.#active.set(conversationId, run);
    this.#bus.publish(run);
    this.#recent.delete(conversationId);
    const task = this.#generate(run, prepared)
      .catch((error) => this.#log("Reply failed unexpectedly:", error))
      .finally(() => this.#tasks.delete(task));
    this.#tasks.add(task);
    return run;
  }

  async #generate(run: ReplyRun, prepared: Prepared): Promise<void> {
    const { conversation, resolved, history } = prepared;
    const store = this.#store;
    const ids = [run.conversationId, run.messageId] as const;
    const span = new ReplySpan({
      conversationId: run.conversationId,
      messageId: run.messageId,
      model: run.model,
      provider: resolved.info.provider,
    });
    // The reply's row is written while the first tokens stream: the user's
    // message is already on disk, and every later write waits for this one.
    let placeholderError: unknown;
    // A continued reply grows from the text it had.
    const prefix = prepared.continuing?.content ?? "";
    const placeholder =
      (prepared.continuing
        ? store.updateMessage(run.conversationId, run.messageId, {
          status: "streaming",
          model: run.model,
        })
        : store.appendMessage(run.conversationId, {
          id: run.messageId,
          parentId: run.userMessageId,
          role: "assistant",
          content: "",
          status: "streaming",
          model: run.model,
        })).then(() => {}, (error) => {
          placeholderError = error;
        });
    run.emit({
      type: "start",
      conversationId: run.conversationId,
      messageId: run.messageId,
      userMessageId: run.userMessageId,
      model: run.model,
      ...(prepared.continuing ? { prefix } : {}),
    });
    if (prepared.provisionalTitle) {
      run.emit({ type: "title", title: prepared.provisionalTitle });
    }
    const checkpointer = new Checkpointer({
      read: () => prefix + run.text,
      save: async (content) => {
        await placeholder;
        if (!placeholderError) await store.checkpoint(...ids, content);
      },
      intervalMs: () =>
        Math.max(
          this.#checkpointMs,
          (this.#active.size / this.#checkpointsPerSecond) * 1000,
        ),
      onError: (error) => this.#log("Checkpoint failed:", error),
    });
    let finishReason = "stop";
    let usage: ReplyUsage = {};
    let failure: string | undefined;
    try {
      const request = {
        system: conversation.systemPrompt,
        messages: await loadTurnFiles(
          buildContext(history, {
            budgetChars: this.#contextChars,
            system: conversation.systemPrompt,
          }),
          {
            read: async (fileId) =>
              (await store.readAttachment(run.conversationId, fileId)).bytes,
            images: resolved.info.images,
          },
        ),
        temperature: conversation.temperature ?? undefined,
        maxOutputTokens: conversation.maxOutputTokens ?? undefined,
        abortSignal: run.signal,
      };
      const room = () => this.#maxReplyChars - run.text.length;
      // Cut at the length limit: read per delta, so a plain flag rather
      // than the signal's reason.
      let cut = false;
      const finish = await pumpReply(
        resolved.model,
        request,
        (text) => {
          if (cut) return;
          if (text.length >= room()) {
            // The longest reply kept: end it here, with what fits.
            if (room() > 0) run.emitDelta(text.slice(0, room()));
            run.abort("length");
            cut = run.abortReason === "length";
          } else run.emitDelta(text);
          span.delta();
          checkpointer.touch();
        },
        (text) => run.emit({ type: "reasoning", text }),
      );
      finishReason = finish.finishReason;
      usage = finish.usage;
    } catch (error) {
      if (!run.signal.aborted) {
        failure = toProviderError(error, resolved.info.name).message;
      }
    }
    await checkpointer.close();
    const aborted = run.abortReason;
    const status: ReplyStatus = failure
      ? "error"
      : aborted === "stopped" || aborted === "interrupted"
      ? aborted
      : "complete";
    if (status === "stopped" || status === "interrupted") finishReason = status;
    if (aborted === "length" && !failure) finishReason = "length";
    const saving = (async () => {
      await prepared.titleSaved;
      await placeholder;
      if (placeholderError) throw placeholderError;
      await store.updateMessage(...ids, {
        content: prefix + run.text,
        status,
        completedAt: new Date().toISOString(),
        finishReason: failure ? null : finishReason,
        promptTokens: usage.inputTokens ?? null,
        completionTokens: usage.outputTokens ?? null,
        error: failure ?? null,
        ...(run.reasoning || prepared.continuing?.reasoning
          ? {
            reasoning: (prepared.continuing?.reasoning ?? "") + run.reasoning,
          }
          : {}),
      });
    })();
    // The title never holds the reply back: `done` waits for the reply's
    // row only. A title ready by then comes first; a later one follows
    // `done` on the same stream, which stays open for it.
    const titling = status === "error" || status === "interrupted"
      ? undefined
      : this.#startTitle(run, prepared);
    const [saved, ready] = await Promise.allSettled([
      saving,
      titling ? readyNow(titling) : undefined,
    ]);
    const provisional = deriveTitle(prepared.userMessage.content);
    let titled: string | undefined;
    if (ready.status === "fulfilled" && ready.value) {
      titled = await this.#storeTitle(
        run.conversationId,
        ready.value,
        provisional,
      );
    } else if (titling) {
      const release = run.keepOpen();
      this.#track(
        titling.then(async (t) => {
          const stored = t &&
            await this.#storeTitle(run.conversationId, t, provisional);
          if (stored) run.emit({ type: "title", title: stored });
        }).finally(release),
      );
    }
    if (saved.status === "rejected") {
      this.#log("Could not store the reply:", saved.reason);
      failure ??= `The reply could not be saved: ${
        (saved.reason as Error)?.message ?? saved.reason
      }`;
    }
    span.end({
      status: failure ? "error" : status,
      inputTokens: usage.inputTokens,
      outputTokens: usage.outputTokens,
      error: failure,
    });
    this.#release(run);
    if (titled) run.emit({ type: "title", title: titled });
    if (failure) {
      run.emit({ type: "error", status: "error", message: failure });
    } else {
      run.emit({
        type: "done",
        status: status as Exclude<ReplyStatus, "error">,
        finishReason,
        usage: {
          promptTokens: usage.inputTokens ?? null,
          completionTokens: usage.outputTokens ?? null,
        },
      });
    }
    this.#boundRecent();
  }

  /** A finished reply's text, read back from the store. */
  async #storedText(run: ReplyRun): Promise<string> {
    const messages = await this.#store.listMessages(run.conversationId);
    return messages.find((m) => m.id === run.messageId)?.content ?? "";
  }

  /**
   * Keep what finished replies hold for reattach under `maxRecentBytes`:
   * first the oldest logs drop their text (stored, so a reattach reads it
   * back), then the oldest are forgotten (a reattach finds no reply and
   * the page reads the stored conversation).
   */
  #boundRecent(): void {
    let total = 0;
    for (const { run } of this.#recent.values()) total += run.retainedBytes;
    for (const { run } of this.#recent.values()) {
      if (total <= this.#maxRecentBytes) return;
      // A reply with a CR is stored with it normalized: offsets would differ.
      if (run.text.includes("\r")) continue;
      const before = run.retainedBytes;
      run.compact(() => this.#storedText(run));
      total -= before - run.retainedBytes;
    }
    for (const [id, { run, timer }] of this.#recent) {
      if (total <= this.#maxRecentBytes) return;
      clearTimeout(timer);
      this.#recent.delete(id);
      total -= run.retainedBytes;
    }
  }

  /**
   * Ask for the automatic title of a conversation's first reply; undefined
   * when it needs none. Never rejects.
   */
  #startTitle(
    run: ReplyRun,
    prepared: Prepared,
  ): Promise<string | undefined> {
    const { history, userMessage, resolved } = prepared;
    if (history.some((m) => m.role === "assistant" && m.content !== "")) {
      return Promise.resolve(undefined);
    }
    return generateTitle(resolved, userMessage.content, run.text, {
      timeoutMs: this.#titleTimeoutMs,
      abortSignal: this.#closing.signal,
    }).catch(() => undefined);
  }

  /**
   * Store an automatic title unless the person named the conversation
   * meanwhile (a title they chose always wins; `provisional` is the one
   * given when the question was sent); the stored title or undefined.
   */
  async #storeTitle(
    id: string,
    title: string,
    provisional: string,
  ): Promise<string | undefined> {
    // The same title as the provisional one changes nothing (the demo's
    // always is): no need to read the conversation for it.
    if (title === provisional) return undefined;
    try {
      // Only a title nobody chose is replaced: the placeholder, or the
      // provisional one given when the question was sent.
      const { title: now } = await this.#store.getConversation(id);
      if (now !== UNTITLED && now !== provisional) return undefined;
      await this.#store.updateConversation(id, { title });
      return title;
    } catch (error) {
      if (!(error instanceof NotFoundError)) {
        this.#log("Could not store the title:", error);
      }
      return undefined;
    }
  }

  /** Keep `task` among those shutdown waits for. */
  #track(task: Promise<unknown>): void {
    const tracked: Promise<void> = task.then(() => {}, (error) => {
      this.#log("Background task failed:", error);
    }).finally(() => this.#tasks.delete(tracked));
    this.#tasks.add(tracked);
  }

  /** Free the conversation for the next reply; keep the log for reattach. */
  #release(run: ReplyRun): void {
    if (this.#active.get(run.conversationId) === run) {
      this.#active.delete(run.conversationId);
    }
    if (this.#closing.signal.aborted) return;
    const timer = setTimeout(() => {
      if (this.#recent.get(run.conversationId)?.run === run) {
        this.#recent.delete(run.conversationId);
      }
    }, this.#graceMs);
    Deno.unrefTimer(Number(timer));
    this.#recent.set(run.conversationId, { run, timer });
  }
}

/** A message id from a request body, or undefined when absent. */
/** What a message of files alone is called: their names. */
function titleOfFiles(attachments?: readonly Attachment[]): string {
  return (attachments ?? []).map((a) => a.name).join(", ");
}

function optionalId(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string" || !isId(value)) {
    throw new ValidationError(`${field} must be a message id`, { field });
  }
  return value;
}
