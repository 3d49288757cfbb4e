/**
 * Token usage of a whole conversation, for its settings: what the replies
 * so far cost, in the provider's own counts.
 *
 * @module
 */
import type { Message } from "../api/mod.ts";

/** Summed token counts of a conversation's replies. */
export interface ConversationUsage {
  promptTokens: number;
  completionTokens: number;
  /** Replies that reported usage (a stopped or failed one may not). */
  replies: number;
}

/** Add up the usage the replies in `messages` reported. */
export function conversationUsage(
  messages: readonly Pick<
    Message,
    "role" | "promptTokens" | "completionTokens"
  >[],
): ConversationUsage {
  const total = { promptTokens: 0, completionTokens: 0, replies: 0 };
  for (const m of messages) {
    if (m.role !== "assistant") continue;
    if (m.promptTokens === null && m.completionTokens === null) continue;
    total.promptTokens += m.promptTokens ?? 0;
    total.completionTokens += m.completionTokens ?? 0;
    total.replies++;
  }
  return total;
}

/** "1,234 prompt + 567 reply = 1,801 tokens over 3 replies", or a note. */
export function usageText(usage: ConversationUsage): string {
  if (usage.replies === 0) return "No token usage reported yet.";
  const n = (value: number) => value.toLocaleString("en-US");
  const sum = usage.promptTokens + usage.completionTokens;
  return `${n(usage.promptTokens)} prompt + ${
    n(usage.completionTokens)
  } reply = ${n(sum)} tokens over ${usage.replies} ${
    usage.replies === 1 ? "reply" : "replies"
  }`;
}
