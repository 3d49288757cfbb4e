/**
 * `ConversationService`: the one entry the routes use for conversations
 * outside a running reply: list, create, read, change, delete (stopping
 * its reply first), the trash and exports. Routes parse the request into
 * the typed inputs below and answer with what comes back; the rules live
 * here, not in the routes.
 *
 * @module
 */
import type { ChatService, FollowableRun } from "../chat/mod.ts";
import { nameUntitled } from "./untitled.ts";
import {
  checkExportBranch,
  checkExportFormat,
  exportConversation,
  type ExportFile,
  type ImportPlan,
  type ImportReport,
  messageFiles,
  newId,
  runImport,
  type StoredAttachment,
} from "../store/mod.ts";
import type { Attachment } from "../api/attachments.ts";
import { checkFiles, type UploadedFile } from "../attachments/mod.ts";
import type {
  ChatStore,
  Conversation,
  ConversationPage,
  ConversationPatch,
  ConversationWithMessages,
  NewConversation,
} from "../store/types.ts";
import { explainMatches } from "./search.ts";
import { listTrash, type TrashListing } from "./trash.ts";

/** `GET /api/conversations` query: search text, paging. */
export interface ListQuery {
  q?: string;
  cursor?: string;
  limit?: number;
}

/** The answer to a stop request. */
export interface StopAnswer {
  /** True when a running reply was stopped by this request. */
  stopped: boolean;
  messageId: string | null;
  status: string | null;
}

/** The chat service's part the conversations need. */
type ReplyControl = Pick<
  ChatService,
  | "stop"
  | "findRun"
  | "createConversation"
  | "updateConversation"
  | "deleteConversation"
>;

/** What the service needs. */
export interface ConversationServiceOptions {
  store: ChatStore;
  /** Running replies: a conversation's reply is stopped before deletion. */
  chat: ReplyControl;
  /** Days a deleted conversation stays in the trash. */
  trashDays: number;
}

/** Largest JSON body of a create or change request, in bytes. */
export const CONVERSATION_BODY_BYTES = 256 * 1024;

/** Conversations outside a running reply, for the routes. */
export class ConversationService {
  readonly #store: ChatStore;
  readonly #chat: ReplyControl;
  readonly #trashDays: number;

  constructor(options: ConversationServiceOptions) {
    this.#store = options.store;
    this.#chat = options.chat;
    this.#trashDays = options.trashDays;
  }

  /** Read the query string of a list request into a {@linkcode ListQuery}. */
  static listQuery(params: URLSearchParams): ListQuery {
    return {
      q: params.get("q") ?? undefined,
      cursor: params.get("cursor") || undefined,
      limit: params.has("limit") ? Number(params.get("limit")) : undefined,
    };
  }

  /**
   * Pinned first, then most recent; `q` searches titles and text, and a
   * conversation found by a message carries `match` (its id, a snippet).
   */
  async list(query: ListQuery): Promise<ConversationPage> {
    const page = await this.#store.listConversations(query);
    return {
      conversations: await explainMatches(this.#store, page.conversations, {
        q: query.q,
        known: page.matches,
      }),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * A new conversation (fields are checked by the store, the model against
   * the offered models: 400 when bad).
   */
  create(input: NewConversation): Promise<Conversation> {
    return this.#chat.createConversation(input);
  }

  /**
   * The conversation and its messages; 404 when unknown. One still "New
   * chat" after a question is named after it first (`nameUntitled`).
   */
  async read(id: string): Promise<ConversationWithMessages> {
    return nameUntitled(this.#store, await this.#store.readConversation(id));
  }

  /**
   * Change title, pin, model, prompt or temperature; 404 when unknown, 400
   * for a model the server does not offer.
   */
  update(id: string, patch: ConversationPatch): Promise<Conversation> {
    return this.#chat.updateConversation(id, patch);
  }

  /**
   * Move a conversation to the trash: 404 when unknown; a reply being set
   * up or running is stopped and stored first (the trash holds it), and a
   * send racing the delete is refused (404).
   */
  delete(id: string): Promise<void> {
    return this.#chat.deleteConversation(id);
  }

  /**
   * Stop the conversation's running reply; what was generated is kept.
   * 404 when the conversation is unknown; `stopped: false` when no reply
   * was running.
   */
  async stopReply(id: string): Promise<StopAnswer> {
    const run = await this.#chat.stop(id);
    if (!run) {
      await this.#store.getConversation(id);
      return { stopped: false, messageId: null, status: null };
    }
    return {
      stopped: run.status === "stopped",
      messageId: run.messageId,
      status: run.status,
    };
  }

  /** The running reply to watch, or null when none runs; 404 when unknown. */
  async runningReply(id: string): Promise<FollowableRun | null> {
    const run = await this.#chat.findRun(id);
    if (run) return run;
    await this.#store.getConversation(id);
    return null;
  }

  /** Bring a conversation back from the trash. */
  restore(id: string): Promise<Conversation> {
    return this.#store.restoreConversation(id);
  }

  /** The trash, expired conversations removed first. */
  trash(): Promise<TrashListing> {
    return listTrash(this.#store, { days: this.#trashDays });
  }

  /** Empty the trash for good; how many conversations went. */
  emptyTrash(): Promise<number> {
    return this.#store.emptyTrash();
  }

  /** Delete one conversation of the trash for good; 404 when not there. */
  purge(id: string): Promise<void> {
    return this.#store.purgeConversation(id);
  }

  /**
   * Store files uploaded to a conversation: 404 when it is unknown (before
   * `read` reads the body), then every file is checked (type sniffed, size
   * limit) before any is stored, so a refused one (415, 413) stores
   * nothing. Their records, in order.
   */
  async upload(
    id: string,
    read: () => Promise<UploadedFile[]>,
  ): Promise<Attachment[]> {
    await this.#store.getConversation(id);
    const files = await read();
    const checked = await checkFiles(files, newId);
    for (const { attachment, bytes } of checked) {
      await this.#store.putAttachment(id, attachment, bytes);
    }
    return checked.map((c) => c.attachment);
  }

  /**
   * Remove an upload no message was sent with (a file taken off the
   * composer), so what a person took back does not stay on disk; 409 for
   * a sent one, which goes with its conversation.
   */
  discardFile(id: string, attachmentId: string): Promise<void> {
    return this.#store.deleteAttachment(id, attachmentId);
  }

  /**
   * An uploaded file's record alone (whether it is still there, for HEAD),
   * without reading its bytes; 404 for any other id.
   */
  fileRecord(id: string, attachmentId: string): Promise<Attachment> {
    return this.#store.getAttachment(id, attachmentId);
  }

  /** An uploaded file's record and bytes; 404 for any other id. */
  file(id: string, attachmentId: string): Promise<StoredAttachment> {
    return this.#store.readAttachment(id, attachmentId);
  }

  /** Store the conversations of a checked import; what was imported. */
  import(plan: ImportPlan): Promise<ImportReport> {
    return runImport(this.#store, plan);
  }

  /**
   * The conversation as a file: `csv`, `md` or `json` (400 otherwise).
   * JSON holds the whole tree; CSV and Markdown the shown branch, or every
   * message with its parent when `options.branch` is `all`.
   */
  async export(
    id: string,
    format: string | undefined,
    options: { branch?: string } = {},
  ): Promise<ExportFile> {
    const checked = checkExportFormat(format);
    const branch = checkExportBranch(options.branch);
    const conversation = await this.#store.getConversation(id);
    const messages = await this.#store.listMessages(id);
    const files = checked === "json"
      ? await messageFiles(this.#store, id, messages)
      : undefined;
    return exportConversation(conversation, messages, checked, {
      branch,
      files,
    });
  }
}
