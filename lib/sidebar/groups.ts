/**
 * Grouping of the sidebar's conversations by how recently they changed:
 * pinned ones first, then Today / Yesterday / Previous 7 days / Older, as
 * people expect from chat apps. Pure, so the server and the browser render
 * the same groups and the rules can be tested without a clock.
 *
 * @module
 */
import type { Conversation } from "../store/types.ts";

/** Names of the date groups, in display order. */
export const GROUP_LABELS = [
  "Today",
  "Yesterday",
  "Previous 7 days",
  "Older",
] as const;

/** One of {@linkcode GROUP_LABELS}. */
export type GroupLabel = typeof GROUP_LABELS[number];

/** A titled run of conversations, most recently updated first. */
export interface ConversationGroup {
  label: "Pinned" | GroupLabel;
  conversations: Conversation[];
}

/** Options of {@linkcode groupConversations}. */
export interface GroupOptions {
  /** The current time; days are counted back from its calendar day. */
  now: Date | number;
  /**
   * Minutes to subtract from local time to get UTC at a given moment, as
   * `Date#getTimezoneOffset()` returns (so the browser passes
   * `(d) => d.getTimezoneOffset()`). Defaults to UTC, which the server
   * uses so that its output matches the browser's first render.
   */
  offsetOf?: (date: Date) => number;
}

const DAY_MS = 86_400_000;

/** Whole calendar days from `date` to `now` in the given time zone. */
export function daysAgo(
  date: Date | number,
  options: GroupOptions,
): number {
  const offsetOf = options.offsetOf ?? (() => 0);
  const localDay = (value: Date | number) => {
    const d = new Date(value);
    return Math.floor((d.getTime() - offsetOf(d) * 60_000) / DAY_MS);
  };
  return localDay(options.now) - localDay(date);
}

/** The date group a conversation updated at `updatedAt` belongs to. */
export function groupLabelFor(
  updatedAt: string | Date | number,
  options: GroupOptions,
): GroupLabel {
  const time = new Date(updatedAt).getTime();
  if (Number.isNaN(time)) return "Older";
  const days = daysAgo(time, options);
  if (days <= 0) return "Today";
  if (days === 1) return "Yesterday";
  if (days <= 7) return "Previous 7 days";
  return "Older";
}

function byRecency(a: Conversation, b: Conversation): number {
  const ta = Date.parse(a.updatedAt) || 0;
  const tb = Date.parse(b.updatedAt) || 0;
  return tb - ta || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/**
 * Split conversations into the sidebar's sections: "Pinned" (when any),
 * then the non-empty date groups in order. Each section is sorted most
 * recent first, whatever order the list came in (pages appended, items
 * moved by live updates).
 */
export function groupConversations(
  conversations: readonly Conversation[],
  options: GroupOptions,
): ConversationGroup[] {
  const pinned: Conversation[] = [];
  const dated = new Map<GroupLabel, Conversation[]>(
    GROUP_LABELS.map((label) => [label, []]),
  );
  for (const conversation of conversations) {
    if (conversation.pinned) pinned.push(conversation);
    else {dated.get(groupLabelFor(conversation.updatedAt, options))!.push(
        conversation,
      );}
  }
  const groups: ConversationGroup[] = [];
  if (pinned.length) {
    groups.push({ label: "Pinned", conversations: pinned.sort(byRecency) });
  }
  for (const label of GROUP_LABELS) {
    const list = dated.get(label)!;
    if (list.length) {
      groups.push({ label, conversations: list.sort(byRecency) });
    }
  }
  return groups;
}
