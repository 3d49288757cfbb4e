/**
 * The wire contract between the server and the islands: what the API
 * returns and the events a reply streams. Browser code (islands,
 * components, lib/client) takes these types from here only, never from a
 * server module; `.ci/check_imports.ts` holds it to that.
 *
 * The records (`records.ts`) and reply events (`events.ts`) are defined
 * here; the store and the chat service take them from this folder.
 *
 * @module
 */
export type {
  Conversation,
  ConversationPage,
  ConversationPatch,
  ConversationWithMessages,
  DamageNotice,
  DeletedConversation,
  Message,
  MessageStatus,
  NewConversation,
  Preset,
  Role,
  StoreProblem,
  TrashListing,
} from "./records.ts";
export type {
  ChatEvent,
  DeltaEvent,
  DoneEvent,
  ErrorEvent,
  EventUsage,
  NewChatEvent,
  ReasoningEvent,
  ReplyStatus,
  StartEvent,
  TitleEvent,
} from "./events.ts";

export type { SearchMatch, SearchResult } from "./search.ts";
export type { Attachment, AttachmentKind } from "./attachments.ts";
export {
  IMAGE_MEDIA_TYPES,
  MAX_ATTACHMENTS_PER_MESSAGE,
  MAX_IMAGE_ATTACHMENT_BYTES,
  MAX_TEXT_ATTACHMENT_BYTES,
} from "./attachments.ts";

/** Content type of a streamed reply: one JSON event per line. */
export const NDJSON = "application/x-ndjson";

/**
 * Why a 409 is not the usual "a reply is already running here", for a
 * client that acts on it: `model-changed`: the conversation's model was
 * changed again and again while a message was being sent; nothing was
 * stored, and sending it again works.
 */
export type ConflictReason = "model-changed";

/** The body of every error answer of the API. */
export interface ErrorBody {
  /** A sentence for a person. */
  error: string;
  /** Set on a 409 of another cause than a running reply. */
  reason?: ConflictReason;
}
