/**
 * Messages travel to the chat island in a compact form: a field that holds
 * its usual value is left out of the props and put back in the island. On
 * a 2,000-message conversation's page (100 messages in the props) this
 * saves about a sixth of the props, the same bytes on every page load.
 *
 * - `parentId`: left out when it is the message before (the page shows one
 *   line of the tree), or null for the first;
 * - `completedAt`: left out when it equals `createdAt`;
 * - `status`: left out when `complete`;
 * - `model`, `finishReason`, `promptTokens`, `completionTokens`, `error`:
 *   left out when null;
 * - a person's `content`: it is in the page already, as the text of the
 *   message (`adoptPageHtml` takes it back in the browser), so the props
 *   leave it out; server rendering still reads it (a non-enumerable field).
 *
 * @module
 */
import type { ChatMessage } from "./chat_types.ts";

/** A message as the island's props carry it (see the module's rules). */
export type PackedMessage =
  & Pick<ChatMessage, "id" | "role" | "createdAt">
  & Partial<ChatMessage>;

const NULLABLE = [
  "model",
  "finishReason",
  "promptTokens",
  "completionTokens",
  "error",
] as const;

/** Leave out what {@linkcode unpackMessages} can put back. */
export function packMessages(messages: ChatMessage[]): PackedMessage[] {
  return messages.map((m, i) => {
    const out: PackedMessage = { ...m };
    if (m.parentId === (i === 0 ? null : messages[i - 1].id)) {
      delete out.parentId;
    }
    if (m.completedAt === m.createdAt) delete out.completedAt;
    if (m.status === "complete") delete out.status;
    for (const key of NULLABLE) if (m[key] === null) delete out[key];
    // A reply's page-only HTML (not serialized) stays readable for SSR.
    const html = Object.getOwnPropertyDescriptor(m, "html");
    if (html) Object.defineProperty(out, "html", html);
    if (m.role === "user") {
      delete out.content;
      Object.defineProperty(out, "content", {
        value: m.content,
        enumerable: false,
      });
    }
    return out;
  });
}

/**
 * What a message is unless it says otherwise: finished, with no model,
 * usage or error. Packed props leave these out, and a message shown before
 * the server stored it has them.
 */
export const MESSAGE_DEFAULTS = {
  status: "complete",
  model: null,
  finishReason: null,
  promptTokens: null,
  completionTokens: null,
  error: null,
} as const;

/**
 * The messages {@linkcode packMessages} was given, whole again, except the
 * page-only fields when they came through serialized props (the browser
 * takes those from the page: `adoptPageHtml`).
 */
export function unpackMessages(packed: PackedMessage[]): ChatMessage[] {
  return packed.map((p, i) => {
    const m = {
      parentId: i === 0 ? null : packed[i - 1].id,
      completedAt: p.createdAt,
      ...MESSAGE_DEFAULTS,
      ...p,
    } as ChatMessage;
    // Page-only fields (present when rendering on the server).
    if (p.html !== undefined) m.html = p.html;
    if (p.content !== undefined) m.content = p.content;
    return m;
  });
}
