import type { UnreadableRow } from "../../lib/client/chat_types.ts";

/**
 * Stands where a row of the conversation's file could not be read, so a
 * damaged message shows as a gap the person can see, not as silence.
 */
export function UnreadableRowNote({ row }: { row: UnreadableRow }) {
  return (
    <div
      role="note"
      class="alert alert-warning alert-soft text-sm"
      data-unreadable-row
    >
      This row could not be read ({row.file}
      {row.line ? `, line ${row.line}` : ""}). Correct it in the file with a
      text editor and reload; the other messages are not affected.
    </div>
  );
}

/** The notes to show after message `id` (null: before the first). */
export function unreadableAfter(
  rows: UnreadableRow[] | undefined,
  id: string | null,
) {
  return (rows ?? []).filter((r) => r.afterMessageId === id).map((row) => (
    <UnreadableRowNote key={`unreadable-${row.file}-${row.line}`} row={row} />
  ));
}
