/**
 * The user message a send stores: where it goes in the conversation's
 * tree (after the shown branch, after a named parent, or beside the
 * message it edits) and which files it carries. Decided from what the
 * store read with the conversation's turn held, so it is quick and
 * synchronous (see `ChatStore.appendAfterRead`).
 *
 * @module
 */
import { shownPath } from "../api/message_tree.ts";
import type { Attachment } from "../api/attachments.ts";
import { ValidationError } from "../errors.ts";
import type { ConversationWithMessages, NewMessage } from "../store/mod.ts";

/** What a send asks for, checked in form. */
export interface Question {
  content: string;
  /** The user message this one replaces (its parent and files are kept). */
  editId?: string;
  /** Where it goes: undefined for after the shown branch, null for a new root. */
  parentId?: string | null;
  /** Files looked up for it. */
  attachments?: Attachment[];
}

/**
 * The new user message for `question` after `read`; `ValidationError`
 * when it names no such message or would be empty.
 */
export function questionAfter(
  read: ConversationWithMessages,
  question: Question,
): NewMessage & { parentId: string | null } {
  const { conversation, messages } = read;
  const { content, editId, parentId: wanted } = question;
  let attachments = question.attachments;
  let parentId: string | null;
  if (editId) {
    const old = messages.find((m) => m.id === editId);
    if (!old || old.role !== "user") {
      throw new ValidationError(
        "editMessageId must name a user message of this conversation",
        { field: "editMessageId" },
      );
    }
    parentId = old.parentId;
    attachments ??= old.attachments;
  } else if (wanted !== undefined) {
    if (wanted !== null && !messages.some((m) => m.id === wanted)) {
      throw new ValidationError(
        "parentId must name a message of this conversation",
        { field: "parentId" },
      );
    }
    parentId = wanted;
  } else {
    parentId = shownPath(messages, conversation.leafId).at(-1)?.id ?? null;
  }
  if (content.trim() === "" && !attachments?.length) {
    throw new ValidationError("content must not be empty", {
      field: "content",
    });
  }
  return {
    role: "user",
    content,
    parentId,
    ...(attachments?.length ? { attachments } : {}),
  };
}
