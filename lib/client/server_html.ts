/**
 * A reply's rendered markdown travels once: the server renders it into the
 * page, and the island takes it back from the page instead of receiving it
 * a second time in its props (`html` is not serialized).
 *
 * @module
 */
import type { ChatMessage } from "./chat_types.ts";

/**
 * `message` with `html` that page rendering reads but props serialization
 * skips (a non-enumerable property).
 */
export function withPageOnlyHtml(
  message: ChatMessage,
  html: string,
): ChatMessage {
  const copy = { ...message };
  delete copy.html;
  return Object.defineProperty(copy, "html", {
    value: html,
    enumerable: false,
  });
}

/**
 * Replies whose `html` was left out of the props get it from the page they
 * were rendered into (`root`, the document in the browser). Messages not
 * found there stay as they are (rendered again when the renderer loads).
 */
export function adoptPageHtml(
  messages: ChatMessage[],
  root: ParentNode | undefined = globalThis.document,
): ChatMessage[] {
  if (!root) return messages;
  return messages.map((m) => {
    if (m.role !== "assistant" || m.html !== undefined) return m;
    const article = root.querySelector(
      `[data-message-id="${
        m.id.replace(/["\\]/g, "\\$&")
      }"] .markdown-body[data-content]`,
    );
    return article ? { ...m, html: article.innerHTML } : m;
  });
}
