/**
 * Why a conversation matched a search, as `GET /api/conversations?q=` and
 * the workspace page send it: the message that matched and a snippet
 * around the match, so the sidebar can show it and open the conversation
 * at that message.
 *
 * @module
 */
import type { Conversation } from "./records.ts";

/** The first message of a conversation whose text matched the search. */
export interface SearchMatch {
  /** Id of the matching message (the page scrolls to `#m-<id>`). */
  messageId: string;
  /** Text before the match (cut at a word, "…" in front when cut). */
  before: string;
  /** The matched text, as written in the message. */
  match: string;
  /** Text after the match (cut at a word, "…" after when cut). */
  after: string;
}

/** A conversation in search results: `match` when its messages matched. */
export type SearchResult = Conversation & { match?: SearchMatch };
