/**
 * What the model is shown: the conversation's system prompt and as much of
 * the history as fits a budget, dropping the oldest turns first, so a long
 * conversation keeps working instead of failing at the provider's limit.
 *
 * @module
 */
import type { ChatTurn } from "../ai/mod.ts";
import type { Message } from "../store/mod.ts";

/** Default history budget in characters (roughly 15k tokens). */
export const DEFAULT_CONTEXT_CHARS = 60_000;

/** Options of {@linkcode buildContext}. */
export interface ContextOptions {
  /** Characters of system prompt plus history to send at most. */
  budgetChars?: number;
  /** The system prompt; counts against the budget. */
  system?: string;
}

/**
 * Turn stored messages (oldest first, ending with the user message being
 * answered) into model turns. User and assistant messages with text are
 * kept; failed empty replies are skipped. The newest message is always
 * sent, even over budget; the result starts with a user turn.
 */
export function buildContext(
  messages: readonly Message[],
  options: ContextOptions = {},
): ChatTurn[] {
  const budget = (options.budgetChars ?? DEFAULT_CONTEXT_CHARS) -
    (options.system?.length ?? 0);
  const turns: ChatTurn[] = [];
  let used = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (message.role === "system" || message.content.trim() === "") continue;
    const size = message.content.length;
    if (turns.length > 0 && used + size > budget) break;
    turns.push({ role: message.role, content: message.content });
    used += size;
  }
  turns.reverse();
  while (turns.length > 1 && turns[0].role !== "user") turns.shift();
  return turns;
}
