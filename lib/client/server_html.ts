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
 * What the props left out because the page holds it, taken from the page
 * the messages were rendered into (`root`, the document in the browser):
 * a reply's `html` (replies not found stay without, and are rendered again
 * when the renderer loads) and a person's `content`, the text of their
 * message (empty when the page shows none, e.g. a message of files only).
 */
export function adoptPageHtml(
  messages: ChatMessage[],
  root: ParentNode | undefined = globalThis.document,
): ChatMessage[] {
  if (!root) return messages;
  return messages.map((m) => {
    const mine = m.role === "user";
    if (mine ? m.content !== undefined : m.html !== undefined) return m;
    const shown = root.querySelector(
      `[id="m-${m.id.replace(/["\\]/g, "\\$&")}"] ${
        mine ? "" : ".markdown-body"
      }[data-content]`,
    );
    if (mine) return { ...m, content: shown?.textContent ?? "" };
    return shown ? { ...m, html: shown.innerHTML } : m;
  });
}
