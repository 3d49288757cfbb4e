/**
 * Search results that say why they matched: for each conversation found
 * by its messages, the first matching message and a snippet around the
 * match (the store's search finds the conversations; this explains them).
 *
 * @module
 */
import type { SearchMatch, SearchResult } from "../api/mod.ts";
import type { ChatStore, Conversation } from "../store/mod.ts";

/** Characters of context kept on each side of a match. */
const RADIUS = 40;

/**
 * The snippet of `text` around `[at, at + length)`: up to `radius`
 * characters each side, cut at word boundaries, on one line.
 */
export function snippetAround(
  text: string,
  at: number,
  length: number,
  radius = RADIUS,
): Omit<SearchMatch, "messageId"> {
  const flat = (s: string) => s.replace(/\s+/g, " ");
  let start = Math.max(0, at - radius);
  if (start > 0) {
    const space = text.indexOf(" ", start);
    if (space >= 0 && space < at) start = space + 1;
  }
  let end = Math.min(text.length, at + length + radius);
  if (end < text.length) {
    const space = text.lastIndexOf(" ", end);
    if (space > at + length) end = space;
  }
  return {
    before: (start > 0 ? "…" : "") + flat(text.slice(start, at)).trimStart(),
    match: flat(text.slice(at, at + length)),
    after: flat(text.slice(at + length, end)).trimEnd() +
      (end < text.length ? "…" : ""),
  };
}

/** The first message of `messages` containing `q` (any case), as a match. */
export function findMatch(
  messages: readonly {
    id: string;
    content: string;
    attachments?: readonly { name: string }[];
  }[],
  q: string,
): SearchMatch | undefined {
  const needle = q.trim().toLowerCase();
  if (!needle) return undefined;
  for (const message of messages) {
    // The text first, then the names of its files.
    for (const text of [message.content, ...fileNames(message)]) {
      const at = text.toLowerCase().indexOf(needle);
      if (at >= 0) {
        return {
          messageId: message.id,
          ...snippetAround(text, at, needle.length),
        };
      }
    }
  }
  return undefined;
}

function fileNames(
  message: { attachments?: readonly { name: string }[] },
): string[] {
  return message.attachments?.map((a) => a.name) ?? [];
}

/** `conversations` with the match of each one whose messages contain `q`. */
export async function explainMatches(
  store: ChatStore,
  conversations: Conversation[],
  q: string | undefined,
): Promise<SearchResult[]> {
  if (!q?.trim()) return conversations;
  return await Promise.all(conversations.map(async (conversation) => {
    try {
      const messages = await store.listMessages(conversation.id);
      const match = findMatch(messages, q);
      return match ? { ...conversation, match } : conversation;
    } catch {
      return conversation; // deleted meanwhile: listed without a snippet
    }
  }));
}
