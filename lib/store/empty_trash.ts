/**
 * Emptying the trash, the same on every backend: purge each conversation
 * deleted before a time (or all), skipping any restored meanwhile.
 *
 * @module
 */
import { NotFoundError } from "../errors.ts";
import type { ChatStore } from "./types.ts";
import { checkTimestamp } from "./validate.ts";

/** `ChatStore.emptyTrash` written with the store's own list and purge. */
export async function emptyTrashOf(
  store: Pick<ChatStore, "listTrash" | "purgeConversation">,
  options: { before?: string } = {},
): Promise<number> {
  const before = options.before === undefined
    ? undefined
    : checkTimestamp(options.before, "before");
  let removed = 0;
  for (const item of await store.listTrash()) {
    if (before !== undefined && item.deletedAt >= before) continue;
    try {
      await store.purgeConversation(item.id);
      removed++;
    } catch (error) {
      // Restored (or purged) meanwhile: nothing left to remove.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return removed;
}
