/**
 * The stored files a conversation's messages carry, read through any
 * `ChatStore`: what an export embeds and a copy between stores moves.
 *
 * @module
 */
import { NotFoundError } from "../errors.ts";
import type { ChatStore, Message, StoredAttachment } from "./types.ts";

/**
 * Each file the messages of conversation `id` name, once, in the order
 * first named; a file the store no longer has is left out (files
 * uploaded but never sent are not named, so not included).
 */
export async function messageFiles(
  store: Pick<ChatStore, "readAttachment">,
  id: string,
  messages: readonly Message[],
): Promise<StoredAttachment[]> {
  const ids = new Set(
    messages.flatMap((m) => m.attachments ?? []).map((a) => a.id),
  );
  const files: StoredAttachment[] = [];
  for (const fileId of ids) {
    try {
      files.push(await store.readAttachment(id, fileId));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
    }
  }
  return files;
}
