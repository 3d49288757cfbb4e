/**
 * The events of a reply stream, one JSON object per NDJSON line. Every
 * event has a `seq` (0, 1, 2, … within one reply) so a client that
 * reconnects can ask for what came after the last one it saw and never
 * sees an event twice.
 *
 * @module
 */

/** How a reply ended, as stored on the message. */
export type ReplyStatus = "complete" | "stopped" | "interrupted" | "error";

/** Token counts reported by the provider. */
export interface EventUsage {
  promptTokens: number | null;
  completionTokens: number | null;
}

/** First event: which message the deltas belong to. */
export interface StartEvent {
  type: "start";
  seq: number;
  conversationId: string;
  /** The assistant message being written. */
  messageId: string;
  /** The user message it answers. */
  userMessageId: string;
  /** Model id (`demo`, `openai:…`). */
  model: string;
  /**
   * A continued reply: the text it already had, which the deltas extend
   * (absent for a new reply).
   */
  prefix?: string;
}

/** A piece of the reply's text, in order. */
export interface DeltaEvent {
  type: "delta";
  seq: number;
  text: string;
}

/**
 * A piece of what the model thinks before it answers (reasoning models),
 * in order; shown apart from the answer.
 */
export interface ReasoningEvent {
  type: "reasoning";
  seq: number;
  text: string;
}

/** The conversation got its automatic title. */
export interface TitleEvent {
  type: "title";
  seq: number;
  title: string;
}

/**
 * Last event of a reply that ended without a fault: `status` says whether
 * it completed, was stopped, or was interrupted by a server shutdown.
 */
export interface DoneEvent {
  type: "done";
  seq: number;
  status: Exclude<ReplyStatus, "error">;
  /** Provider's reason (`stop`, `length`, …), or `stopped`/`interrupted`. */
  finishReason: string;
  usage: EventUsage;
}

/** Last event of a reply that failed; the text so far is kept. */
export interface ErrorEvent {
  type: "error";
  seq: number;
  status: "error";
  message: string;
}

/** Any event of a reply stream. */
export type ChatEvent =
  | StartEvent
  | DeltaEvent
  | ReasoningEvent
  | TitleEvent
  | DoneEvent
  | ErrorEvent;

/** An event before it is numbered. */
export type NewChatEvent =
  | Omit<StartEvent, "seq">
  | Omit<DeltaEvent, "seq">
  | Omit<ReasoningEvent, "seq">
  | Omit<TitleEvent, "seq">
  | Omit<DoneEvent, "seq">
  | Omit<ErrorEvent, "seq">;

/** Whether `event` ends its stream. */
export function isFinal(event: ChatEvent): event is DoneEvent | ErrorEvent {
  return event.type === "done" || event.type === "error";
}
