/**
 * A conversation's messages form a tree: each message names its parent,
 * an edit is a new sibling of the message it replaces, a regenerated reply
 * a new sibling of the old reply. The conversation shows one branch, the
 * path from the root to its shown leaf. Server and islands both compute it
 * here, so both show the same thing.
 *
 * Files can be edited by hand, so parents may be missing or form a cycle:
 * a missing parent counts as the message before (see `parentsOf`), and
 * every walk stops at a message seen before.
 *
 * @module
 */

/** What the tree needs of a message. */
export interface TreeNode {
  id: string;
  /** The message it follows; null for a first message (a root). */
  parentId: string | null;
}

/** Children of each message (key null: the roots), oldest first. */
export type ChildrenIndex = Map<string | null, string[]>;

/**
 * The parent of every message as the tree uses it: a parent that is not
 * there (a row lost to damage) counts as the message before it in file
 * order, so the conversation still reads as one line across the gap.
 */
export function parentsOf(
  messages: readonly TreeNode[],
): Map<string, string | null> {
  const ids = new Set(messages.map((m) => m.id));
  const parents = new Map<string, string | null>();
  messages.forEach((m, i) => {
    let parent = m.parentId;
    if (parent !== null && (!ids.has(parent) || parent === m.id)) {
      parent = i > 0 ? messages[i - 1].id : null;
    }
    parents.set(m.id, parent);
  });
  return parents;
}

/** The children of every message, in the order given (file order). */
export function childrenIndex(messages: readonly TreeNode[]): ChildrenIndex {
  const parents = parentsOf(messages);
  const children: ChildrenIndex = new Map();
  for (const m of messages) {
    const parent = parents.get(m.id) ?? null;
    const list = children.get(parent);
    if (list) list.push(m.id);
    else children.set(parent, [m.id]);
  }
  return children;
}

/**
 * The leaf reached from `id` by always taking the newest child: what a
 * branch shows when it is picked again.
 */
export function newestLeaf(children: ChildrenIndex, id: string): string {
  const seen = new Set<string>([id]);
  let at = id;
  for (;;) {
    const next = children.get(at)?.at(-1);
    if (next === undefined || seen.has(next)) return at;
    seen.add(next);
    at = next;
  }
}

/**
 * Messages from the root down to `id` (included), or [] when `id` is not
 * one of them.
 */
export function pathTo<T extends TreeNode>(
  messages: readonly T[],
  id: string | null,
): T[] {
  if (id === null) return [];
  const byId = new Map(messages.map((m) => [m.id, m]));
  const parents = parentsOf(messages);
  const path: T[] = [];
  const seen = new Set<string>();
  let at = byId.get(id);
  while (at && !seen.has(at.id)) {
    seen.add(at.id);
    path.push(at);
    const parent = parents.get(at.id) ?? null;
    at = parent === null ? undefined : byId.get(parent);
  }
  return path.reverse();
}

/**
 * The branch a conversation shows: root to `leafId`, continued down the
 * newest children when `leafId` is not a leaf. With no (or an unknown)
 * `leafId`, the branch of the last message in file order, as an older
 * conversation that was one straight line shows.
 */
export function shownPath<T extends TreeNode>(
  messages: readonly T[],
  leafId: string | null,
  children: ChildrenIndex = childrenIndex(messages),
): T[] {
  if (messages.length === 0) return [];
  const known = leafId !== null && messages.some((m) => m.id === leafId);
  const start = known ? leafId! : messages[messages.length - 1].id;
  return pathTo(messages, newestLeaf(children, start));
}

/**
 * Ids of `message` and its siblings, oldest first (what "‹ 2 / 3 ›"
 * counts).
 */
export function siblingIds(
  children: ChildrenIndex,
  message: TreeNode,
): string[] {
  const ids = children.get(message.parentId);
  if (ids?.includes(message.id)) return ids;
  // The parent is not there: find the list that holds it.
  for (const list of children.values()) {
    if (list.includes(message.id)) return list;
  }
  return [message.id];
}

/**
 * The shown branch, each message with the ids of its versions when it
 * has several (`siblingIds`), as the chat shows it.
 */
export function branchForShow<T extends TreeNode>(
  messages: readonly T[],
  leafId: string | null,
): (T & { siblingIds?: string[] })[] {
  const children = childrenIndex(messages);
  return shownPath(messages, leafId, children).map((m) => {
    const ids = siblingIds(children, m);
    return ids.length > 1 ? { ...m, siblingIds: ids } : m;
  });
}
