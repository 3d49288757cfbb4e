/**
 * The checks every importer applies to what it read, so a message from a
 * CSV file, our JSON or ChatGPT's export is held to the same rules as one
 * sent through the API, and what fails is reported with where it was.
 *
 * @module
 */
import type { ImportedConversation, ImportSkip } from "./import.ts";
import type { NewMessage } from "./types.ts";
import { checkNewMessage, LIMITS } from "./validate.ts";

/**
 * Keep a message's place in the file's tree: its `id` and `parentId` as
 * they are there (the store gives fresh ids and links them up).
 */
export function treeKeys(
  message: NewMessage,
  id: unknown,
  parentId: unknown,
): NewMessage {
  if (typeof id === "string" && id !== "") message.id = id;
  if (typeof parentId === "string" || parentId === null) {
    message.parentId = parentId;
  }
  return message;
}

/** A checked message, or null after noting in `skipped` why not. */
export function tryMessage(
  candidate: Record<string, unknown>,
  where: string,
  skipped: ImportSkip[],
): NewMessage | null {
  if (
    typeof candidate.content === "string" &&
    candidate.content.length > LIMITS.content
  ) {
    skipped.push({
      item: where,
      reason: `it is longer than ${LIMITS.content} characters`,
    });
    return null;
  }
  try {
    const message = checkNewMessage(candidate);
    if (message.status === "streaming") message.status = "interrupted";
    return message;
  } catch (error) {
    skipped.push({ item: where, reason: (error as Error).message });
    return null;
  }
}

/** The conversation to import, or null (noted) when it has no message. */
export function finish(
  where: string,
  conversation: ImportedConversation["conversation"],
  messages: NewMessage[],
  skipped: ImportSkip[],
): ImportedConversation | null {
  if (messages.length === 0) {
    skipped.push({ item: where, reason: "it has no messages to import" });
    return null;
  }
  return { source: where, conversation, messages };
}
