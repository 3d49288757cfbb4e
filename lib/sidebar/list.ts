/**
 * Pure edits of the sidebar's conversation list, kept apart from signals
 * so that pagination, live updates from other tabs and undo all follow
 * the same, tested rules (no duplicates, the newest copy wins).
 *
 * @module
 */
import type { Conversation } from "../store/types.ts";

/**
 * Add a further page at the end. Conversations already shown (e.g. one
 * that moved up after a change while the next page was loading) keep the
 * copy with the later `updatedAt`.
 */
export function appendPage(
  list: readonly Conversation[],
  page: readonly Conversation[],
): Conversation[] {
  const out = [...list];
  const at = new Map(out.map((c, i) => [c.id, i]));
  for (const conversation of page) {
    const i = at.get(conversation.id);
    if (i === undefined) {
      at.set(conversation.id, out.length);
      out.push(conversation);
    } else if (isNewer(conversation, out[i])) {
      out[i] = conversation;
    }
  }
  return out;
}

/** The list without the conversation `id`. */
export function withoutConversation(
  list: readonly Conversation[],
  id: string,
): Conversation[] {
  return list.filter((c) => c.id !== id);
}

/**
 * The list with `conversation` put in place of its older copy, or first
 * when new. A copy older than the one shown is ignored, so that a late
 * message from another tab cannot undo a newer change.
 */
export function withConversation(
  list: readonly Conversation[],
  conversation: Conversation,
): Conversation[] {
  const i = list.findIndex((c) => c.id === conversation.id);
  if (i === -1) return [conversation, ...list];
  if (time(conversation) < time(list[i])) return [...list];
  const out = [...list];
  out[i] = conversation;
  return out;
}

function time(c: Conversation): number {
  return Date.parse(c.updatedAt) || 0;
}

function isNewer(a: Conversation, b: Conversation): boolean {
  return time(a) > time(b);
}
