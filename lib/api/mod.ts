/**
 * The wire contract between the server and the islands: what the API
 * returns and the events a reply streams. Browser code (islands,
 * components, lib/client) takes these types from here only, never from a
 * server module; `.ci/check_imports.ts` holds it to that.
 *
 * The records are the ones the store keeps and the events the ones the
 * chat service emits, so for now this module names them where they are
 * defined (type-only: nothing of the server reaches a browser bundle).
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
} from "../store/types.ts";
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
} from "../chat/events.ts";

export type { SearchMatch, SearchResult } from "./search.ts";

/** Content type of a streamed reply: one JSON event per line. */
export const NDJSON = "application/x-ndjson";

/** The body of every error answer of the API. */
export interface ErrorBody {
  /** A sentence for a person. */
  error: string;
}
