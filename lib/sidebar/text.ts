/**
 * Sentences the sidebar shows or announces, kept in one place so that
 * counts read naturally ("1 conversation", "3 conversations").
 *
 * @module
 */

/** "1 conversation", "2 conversations". */
export function countConversations(count: number): string {
  return `${count} conversation${count === 1 ? "" : "s"}`;
}

/** What an import reported, as far as the summary needs it. */
export interface ImportOutcome {
  imported: unknown[];
  skipped: { item: string; reason: string }[];
}

/**
 * Toast text after an import: how many came in, and what was left out
 * and why (the first reason; the rest are usually alike).
 */
export function importSummary(
  outcome: ImportOutcome,
  fileName?: string,
): string {
  const from = fileName ? ` from ${fileName}` : "";
  const count = outcome.imported.length;
  const skipped = outcome.skipped.length;
  const why = skipped ? outcome.skipped[0].reason.replace(/\.$/, "") : "";
  if (count === 0) {
    return skipped
      ? `Nothing imported${from}: ${why}.`
      : `No conversations found${from}.`;
  }
  const rest = skipped
    ? ` Skipped ${skipped} (${why}${skipped > 1 ? ", …" : ""}).`
    : "";
  return `Imported ${countConversations(count)}${from}.${rest}`;
}

/** Toast text when an import fails, with the server's reason. */
export function importFailure(reason: string, fileName?: string): string {
  const what = fileName ? `Could not import ${fileName}` : "Could not import";
  return `${what}: ${reason}`;
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
