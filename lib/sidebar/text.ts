/**
 * Sentences the sidebar shows or announces, kept in one place so that
 * counts read naturally ("1 conversation", "3 conversations"); those of
 * an import are in import_text.ts (loaded with the first import).
 *
 * @module
 */

/** "1 conversation", "2 conversations". */
export function countConversations(count: number): string {
  return `${count} conversation${count === 1 ? "" : "s"}`;
}

/** Status line for screen readers after a search. */
export function searchSummary(count: number, query: string, more: boolean) {
  if (!query.trim()) return "";
  if (count === 0) return `No conversations match “${query.trim()}”.`;
  return `${more ? "At least " : ""}${countConversations(count)} found.`;
}

/** A title for display: never empty, never absurdly long in a toast. */
export function displayTitle(title: string, max = 60): string {
  const text = title.trim() || "New chat";
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
