/**
 * What the chat model's less used actions (chat_more.ts) need of its
 * machinery (`ChatEngine`, chat_engine.ts). Both load on first use, not
 * with the page; `ChatModel` (chat_model.ts) holds the state they work on.
 * Types only.
 *
 * @module
 */
import type { Conversation } from "../api/mod.ts";
import type { SendBody } from "./api.ts";
import type { ConversationApi } from "./conversation_api.ts";
import type { ChatMessage } from "./chat_types.ts";
import type { ChatModel, RenderMarkdown } from "./chat_model.ts";
import type { Toast } from "./toasts.ts";
import type { WorkspaceMessage } from "./workspace.ts";

/** Settings of a new chat that wait for its first message. */
export interface PendingSettings {
  systemPrompt?: string;
  temperature?: number | null;
}

/** The chat model's inner workings, for its parts loaded later. */
export interface ChatCore {
  readonly model: ChatModel;
  readonly api: ConversationApi;
  /** Whether the server's models were asked for since the page loaded. */
  modelsFresh: boolean;
  /** Ask for a reply with `request` and stream it; `undo` if refused. */
  startReply(
    request: (conversationId: string) => Promise<Response>,
    undo: () => void,
    options?: { branched?: boolean },
  ): Promise<void>;
  /** Replace the messages with the server's copy; follow a running reply. */
  resync(id: string): Promise<void>;
  /** Follow the reply running in conversation `id` from its start. */
  follow(id: string): Promise<void>;
  /** Forget the last event seen: the next reply starts afresh. */
  resetSeq(): void;
  /** The conversation, created on the server when it is new. */
  ensureConversation(settings?: PendingSettings): Promise<Conversation>;
  /** Every message of the conversation (fetched once, then kept). */
  loadTree(id: string): Promise<ChatMessage[]>;
  /** Show the branch that ends at `leafId`; returns its last message. */
  showBranch(
    tree: ChatMessage[],
    leafId: string | null,
  ): Promise<ChatMessage | undefined>;
  /** A reply with its markdown rendered (kept for when it shows again). */
  withHtml(message: ChatMessage, render: RenderMarkdown | null): ChatMessage;
  renderer(): Promise<RenderMarkdown | null>;
  /** A send body with the model picked for the next reply. */
  withModel(body: SendBody): SendBody;
  /** The person's message, shown before the server has stored it. */
  pendingMessage(
    content: string,
    attachments?: ChatMessage["attachments"],
  ): ChatMessage;
  broadcast(message: WorkspaceMessage): void;
  toast(kind: Toast["kind"], text: string): void;
  /** Say what went wrong in a toast. */
  fail(error: unknown): void;
}
