import type { UnreadableRow } from "../../lib/client/chat_types.ts";
import { Extra } from "./message_item.tsx";

/**
 * The notes to show after message `id` (null: before the first); drawn
 * by message_extras.tsx, which few pages need.
 */
export function unreadableAfter(
  rows: UnreadableRow[] | undefined,
  id: string | null,
) {
  return (rows ?? []).filter((r) => r.afterMessageId === id).map((row) => (
    <Extra
      key={`unreadable-${row.file}-${row.line}`}
      draw={(x) => <x.UnreadableRowNote row={row} />}
    />
  ));
}
