/**
 * Search results that say why they matched: for each conversation found
 * by its messages, the first matching message and a snippet around the
 * match. The store's search finds the conversations and explains those it
 * can from its own search data; this explains the rest by reading their
 * messages.
 *
 * @module
 */
import type { SearchMatch, SearchResult } from "../api/mod.ts";
import { type ChatStore, type Conversation, findMatch } from "../store/mod.ts";

export { findMatch, snippetAround } from "../store/mod.ts";

/**
 * `conversations` with the match of each one whose messages contain `q`.
 * `known` is what the store already told (its page's `matches`): those
 * conversations need no messages read.
 */
export async function explainMatches(
  store: ChatStore,
  conversations: Conversation[],
  options: {
    q: string | undefined;
    known?: ReadonlyMap<string, SearchMatch | null>;
  },
): Promise<SearchResult[]> {
  const { q, known } = options;
  if (!q?.trim()) return conversations;
  return await Promise.all(conversations.map(async (conversation) => {
    const told = known?.get(conversation.id);
    if (told !== undefined) {
      return told ? { ...conversation, match: told } : conversation;
    }
    try {
      const messages = await store.listMessages(conversation.id);
      const match = findMatch(messages, q);
      return match ? { ...conversation, match } : conversation;
    } catch {
      return conversation; // deleted meanwhile: listed without a snippet
    }
  }));
}
