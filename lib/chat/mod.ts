/**
 * The generation service: replies that run on the server detached from
 * the request, stream as numbered NDJSON events, can be reattached to
 * after a reload, stopped, regenerated, and are checkpointed as they go.
 *
 * ```ts
 * const chat = new ChatService({ store, models });
 * const run = await chat.send(conversationId, { content: "Hello" });
 * return streamResponse(run);            // POST …/messages
 * return streamResponse(chat.currentRun(id)!, after); // GET …/stream?after=
 * ```
 *
 * @module
 */
export { ChatService, UNTITLED } from "./service.ts";
export type {
  ChatServiceOptions,
  RegenerateInput,
  SendInput,
} from "./service.ts";
export { ReplyRun } from "./reply_run.ts";
export { KvReplyBus, LocalReplyBus } from "./bus/mod.ts";
export type {
  FollowableRun,
  KvReplyBusOptions,
  ReplyBus,
  StopOutcome,
} from "./bus/mod.ts";
export type { ReplyRunInit } from "./reply_run.ts";
export { isFinal, NDJSON } from "./events.ts";
export type {
  ChatEvent,
  DeltaEvent,
  DoneEvent,
  ErrorEvent,
  EventUsage,
  NewChatEvent,
  ReplyStatus,
  StartEvent,
  TitleEvent,
} from "./events.ts";
export {
  parseAfter,
  STREAM_HEADERS,
  streamResponse,
} from "./stream_response.ts";
export {
  buildContext,
  DEFAULT_CONTEXT_CHARS,
  loadTurnFiles,
} from "./context.ts";
export type { ContextOptions } from "./context.ts";
export { Checkpointer } from "./checkpointer.ts";
export type { CheckpointerOptions } from "./checkpointer.ts";
