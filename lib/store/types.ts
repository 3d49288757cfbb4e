/**
 * The shapes the store deals in and the `ChatStore` contract every backend
 * (CSV today, Deno KV later) implements, so the generation service and the
 * routes never depend on how history is kept.
 *
 * @module
 */
import type { PresetStore } from "./presets.ts";
import type { SessionStore } from "./sessions.ts";

/** Who wrote a message. */
export type Role = "user" | "assistant" | "system";

/** Every role, for validation and for the CSV reader. */
export const ROLES: readonly Role[] = ["user", "assistant", "system"];

/**
 * Where a message is in its life: `streaming` while a reply is being
 * generated, `interrupted` when the server stopped mid-reply, `stopped`
 * when the person pressed stop.
 */
export type MessageStatus =
  | "complete"
  | "streaming"
  | "stopped"
  | "interrupted"
  | "error";

/** Every status, for validation and for the CSV reader. */
export const MESSAGE_STATUSES: readonly MessageStatus[] = [
  "complete",
  "streaming",
  "stopped",
  "interrupted",
  "error",
];

/** One message of a conversation, as stored (one CSV row). */
export interface Message {
  /** Lowercase UUIDv7. */
  id: string;
  /**
   * The message this one follows; null for a first message. Edits and
   * regenerated replies are siblings, so history is a tree.
   */
  parentId: string | null;
  role: Role;
  /** Raw text (markdown for assistant replies). */
  content: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** ISO-8601 UTC; null while streaming. */
  completedAt: string | null;
  status: MessageStatus;
  /** Model id that wrote an assistant reply. */
  model: string | null;
  /** Provider's reason for ending (`stop`, `length`, …). */
  finishReason: string | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** Human readable error when `status` is `error`. */
  error: string | null;
  /**
   * What the model thought before answering (reasoning models), shown
   * apart and never sent back as context; absent when there was none.
   */
  reasoning?: string;
}

/** A problem found in a file on disk, reported through the API and the log. */
export interface StoreProblem {
  /**
   * `damaged`: part of a file cannot be read (fix it by hand);
   * `recovered`: the store repaired something and kept the original aside.
   */
  kind: "damaged" | "recovered";
  /** Conversation concerned, or null for the index file. */
  conversationId: string | null;
  /** File name relative to the data folder. */
  file: string;
  /** 1-based line where the problem starts, when known. */
  line: number | null;
  /** What is wrong, as a sentence. */
  message: string;
  /**
   * For an unreadable row of a messages file: the id of the message read
   * just before it (null: before the first), so the conversation can show
   * a placeholder where the row was.
   */
  afterMessageId?: string | null;
}

/** One line of the damage banner. */
export interface DamageNotice {
  /** File name relative to the data folder. */
  file: string;
  line: number | null;
  /** What is wrong with it, as a sentence. */
  reason: string;
  /** What the person can do about it. */
  advice: string;
}

/** A conversation's settings and metadata (one row of the index). */
export interface Conversation {
  /** Lowercase UUIDv7. */
  id: string;
  title: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** ISO-8601 UTC; moves on every change, orders the list. */
  updatedAt: string;
  /** Pinned conversations list first. */
  pinned: boolean;
  /** Model for new replies; null means the server default. */
  model: string | null;
  /** Instructions sent before the messages; empty for none. */
  systemPrompt: string;
  /** Sampling temperature 0–2; null means the provider default. */
  temperature: number | null;
  /**
   * Longest reply in tokens, passed to the provider; null (or absent)
   * leaves it to the provider.
   */
  maxOutputTokens?: number | null;
  /**
   * The message whose branch is shown (and answered next); null: the
   * last message's. See lib/api/message_tree.ts.
   */
  leafId: string | null;
  /**
   * Set when the messages file has unreadable rows: the readable ones are
   * still served, the file is left for a person to fix.
   */
  damaged: StoreProblem | null;
}

/** Fields accepted when creating a conversation. */
export interface NewConversation {
  title?: string;
  model?: string | null;
  systemPrompt?: string;
  temperature?: number | null;
  pinned?: boolean;
  maxOutputTokens?: number | null;
}

/** A deleted conversation in the trash, restorable until it is purged. */
export interface DeletedConversation extends Conversation {
  /** ISO-8601 UTC: when it was deleted (what the purge counts from). */
  deletedAt: string;
}

/** A named preset: settings a new chat can start from, as stored. */
export interface Preset {
  /** Lowercase UUIDv7. */
  id: string;
  /** What the person called it (1–80 characters). */
  name: string;
  /** Model id; null means the server default. */
  model: string | null;
  systemPrompt: string;
  /** 0–2; null means the provider default. */
  temperature: number | null;
}

/** Fields a conversation update may change; absent fields are kept. */
export interface ConversationPatch {
  title?: string;
  pinned?: boolean;
  model?: string | null;
  systemPrompt?: string;
  temperature?: number | null;
  maxOutputTokens?: number | null;
  /** Show the branch of this message (null: of the latest message). */
  leafId?: string | null;
}

/** Options of `listConversations`. */
export interface ListOptions {
  /** Case-insensitive text searched in titles and message text. */
  q?: string;
  /** Opaque value from a previous page's `nextCursor`. */
  cursor?: string;
  /** Page size, 1–200 (default 50). */
  limit?: number;
}

/** One page of conversations. */
export interface ConversationPage {
  conversations: Conversation[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/**
 * A conversation to import. Its messages may carry the `id`s of the file
 * they come from and name each other as `parentId` (a tree); `leafId`
 * names the one whose branch is shown.
 */
export type ImportedConversationInput = NewConversation & {
  createdAt?: string;
  updatedAt?: string;
  leafId?: string;
};

/** Fields accepted when appending a message. */
export interface NewMessage {
  /** Defaults to a fresh UUIDv7. */
  id?: string;
  /**
   * The message it follows: an id of the conversation, null for a new
   * root; by default the end of the shown branch.
   */
  parentId?: string | null;
  role: Role;
  content: string;
  /** Defaults to `complete` (`streaming` for a reply being generated). */
  status?: MessageStatus;
  createdAt?: string;
  completedAt?: string | null;
  model?: string | null;
  finishReason?: string | null;
  promptTokens?: number | null;
  completionTokens?: number | null;
  error?: string | null;
  reasoning?: string;
}

/** Fields a message update may change; absent fields are kept. */
export type MessagePatch = Partial<
  Omit<Message, "id" | "createdAt" | "parentId">
>;

/** A conversation with its messages, as the API returns it. */
export interface ConversationWithMessages {
  conversation: Conversation;
  messages: Message[];
  /** Unreadable rows of its messages file (CSV store), to show in place. */
  problems?: StoreProblem[];
}

/**
 * Durable chat history. Every method that writes resolves only once the
 * change is on disk (synced), so a crash never loses a completed message.
 * Unknown or malformed ids throw `NotFoundError`; invalid fields throw
 * `ValidationError` naming the field, before anything is written.
 * Login sessions live in it too (`sessions`), so they are shared by every
 * instance of the server that shares the history.
 */
export interface ChatStore {
  /** Login sessions, kept where the history is (see `SessionStore`). */
  readonly sessions: SessionStore;
  /** Named presets for new chats (see `PresetStore`). */
  readonly presets: PresetStore;

  /** Create a conversation (title defaults to "New chat"). */
  createConversation(input?: NewConversation): Promise<Conversation>;
  /** One conversation's metadata. */
  getConversation(id: string): Promise<Conversation>;
  /** Pinned first, then most recently updated; optional search. */
  listConversations(options?: ListOptions): Promise<ConversationPage>;
  /** Change settings; returns the updated conversation. */
  updateConversation(
    id: string,
    patch: ConversationPatch,
  ): Promise<Conversation>;
  /** Move a conversation to the trash (restorable). */
  deleteConversation(id: string): Promise<void>;
  /** Bring a conversation back from the trash. */
  restoreConversation(id: string): Promise<Conversation>;
  /** What the trash holds, most recently deleted first. */
  listTrash(): Promise<DeletedConversation[]>;
  /**
   * Remove a conversation in the trash for good, messages and all;
   * `NotFoundError` when it is not in the trash.
   */
  purgeConversation(id: string): Promise<void>;
  /**
   * Remove for good every conversation deleted before `before` (ISO time),
   * or the whole trash when it is absent; returns how many were removed.
   */
  emptyTrash(options?: { before?: string }): Promise<number>;

  /**
   * Every message of the tree, in the order they were added (later rows
   * supersede earlier ones); `shownPath` picks the branch shown.
   */
  listMessages(conversationId: string): Promise<Message[]>;
  /**
   * A conversation and its messages read together, as one step: what
   * starting a reply needs, for half the file checks of two calls.
   */
  readConversation(id: string): Promise<ConversationWithMessages>;
  /**
   * Add a message (after `input.parentId`, by default after the shown
   * branch's end) and show its branch; resolves once synced to disk.
   * `ValidationError` when the parent is not a message of the conversation.
   */
  appendMessage(conversationId: string, input: NewMessage): Promise<Message>;
  /** Change a message (status, content, usage…); resolves once synced. */
  updateMessage(
    conversationId: string,
    messageId: string,
    patch: MessagePatch,
  ): Promise<Message>;
  /**
   * Save the text a streaming reply has so far. Cheap enough to call every
   * 500 ms; after a crash the reply comes back `interrupted` with it.
   */
  checkpoint(
    conversationId: string,
    messageId: string,
    content: string,
  ): Promise<void>;
  /**
   * Drop every message after `messageId` (and the message itself when
   * `inclusive`), for edit and regenerate. Returns how many were dropped.
   */
  truncateAfter(
    conversationId: string,
    messageId: string,
    options?: { inclusive?: boolean },
  ): Promise<number>;

  /**
   * Create a conversation with all its messages in one durable write (for
   * imports). Messages get fresh ids, their tree is kept (a message without
   * `parentId` follows the one before); their times are kept.
   */
  importConversation(
    input: ImportedConversationInput,
    messages: NewMessage[],
  ): Promise<Conversation>;

  /**
   * Store a conversation exactly as given, ids and times kept, with all its
   * messages in one durable step: how a history moves between stores.
   * `ConflictError` when the id is already there.
   */
  putConversation(
    conversation: Omit<Conversation, "damaged">,
    messages: readonly Message[],
  ): Promise<Conversation>;

  /** Problems found in files on disk (damaged rows, kept-aside torn rows). */
  problems(): StoreProblem[];
  /** Flush pending writes and release the data folder. */
  close(): Promise<void>;
}
