/**
 * What the sidebar says after an import: how many came in, what was left
 * out and why, or why it failed. Apart from text.ts so that the page's
 * download does not carry it (it loads with the first import).
 *
 * @module
 */
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
  // Spelled here, not with text.ts's countConversations: sharing it would
  // split text.ts into a file of its own in the page's download.
  const plural = count === 1 ? "" : "s";
  return `Imported ${count} conversation${plural}${from}.${rest}`;
}

/** Toast text when an import fails, with the server's reason. */
export function importFailure(reason: string, fileName?: string): string {
  const what = fileName ? `Could not import ${fileName}` : "Could not import";
  return `${what}: ${reason}`;
}
