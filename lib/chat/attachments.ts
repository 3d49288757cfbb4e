/**
 * The files a send names (`attachmentIds`): checked against the uploads
 * of the conversation before anything is stored, so a message only ever
 * carries files that are really there.
 *
 * @module
 */
import {
  type Attachment,
  MAX_ATTACHMENTS_PER_MESSAGE,
} from "../api/attachments.ts";
import { NotFoundError, ValidationError } from "../errors.ts";
import { type ChatStore, isId } from "../store/mod.ts";

/**
 * The ids of a send's `attachmentIds`, checked in shape (400 when not a
 * list of ids, or more than a message may have); undefined when absent.
 * A repeated id counts once.
 */
export function checkAttachmentIds(value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every(isId)) {
    throw new ValidationError(
      "attachmentIds must be a list of file ids from an upload",
      { field: "attachmentIds" },
    );
  }
  const ids = [...new Set(value as string[])];
  if (ids.length > MAX_ATTACHMENTS_PER_MESSAGE) {
    throw new ValidationError(
      `A message can have at most ${MAX_ATTACHMENTS_PER_MESSAGE} files; this one has ${ids.length}.`,
      { field: "attachmentIds" },
    );
  }
  return ids;
}

/**
 * The records of files uploaded to the conversation, in the order named;
 * 400 for an id that is not one of its uploads.
 */
export async function resolveAttachments(
  store: Pick<ChatStore, "getAttachment">,
  conversationId: string,
  ids: readonly string[],
): Promise<Attachment[]> {
  const records: Attachment[] = [];
  for (const id of ids) {
    try {
      records.push(await store.getAttachment(conversationId, id));
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      throw new ValidationError(
        `attachmentIds names ${id}, which is not a file uploaded to this conversation.`,
        { field: "attachmentIds" },
      );
    }
  }
  return records;
}
