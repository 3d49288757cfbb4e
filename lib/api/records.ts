/**
 * The records the store keeps and the API carries: conversations,
 * messages, presets and the shapes of their inputs and pages. The server
 * (lib/store, lib/chat, routes) and the browser code share them from here,
 * the client/server contract's own module.
 *
 * @module
 */
import type { Attachment } from "./attachments.ts";

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
  /** Files attached to a person's message; absent when there are none. */
  attachments?: Attachment[];
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
  /** Files of a person's message (uploaded to the conversation first). */
  attachments?: Attachment[];
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

/** What `GET /api/trash` and the "Recently deleted" page show. */
export interface TrashListing {
  /** Most recently deleted first. */
  conversations: DeletedConversation[];
  /** Days a deleted conversation is kept; 0: until the trash is emptied. */
  trashDays: number;
}
