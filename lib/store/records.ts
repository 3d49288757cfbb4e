/**
 * How a store turns checked input into stored records: the defaults of a
 * new message, what an update does to `completedAt`, how an import keeps
 * its times. Shared by every backend so that the same calls give the same
 * records (and so byte-identical exports) whichever backend kept them.
 *
 * @module
 */
import { PayloadTooLargeError, ValidationError } from "../errors.ts";
import type { IndexEntry } from "./columns.ts";
import type {
  ImportedConversationInput,
  Message,
  MessagePatch,
  NewConversation,
  NewMessage,
} from "./types.ts";
import {
  checkNewConversation,
  checkNewMessage,
  checkParent,
  checkTimestamp,
  LIMITS,
  normalizeNewlines,
} from "./validate.ts";
import { isId } from "./uuid.ts";

/** The later of two ISO-8601 UTC times. */
export function laterOf(a: string, b: string): string {
  return a > b ? a : b;
}

/**
 * A new conversation's index entry from its creation input (checked
 * here), created and updated `now`, showing no branch yet.
 */
export function newConversationEntry(
  input: NewConversation | undefined,
  options: { id: string; now: string },
): IndexEntry {
  return {
    id: options.id,
    ...checkNewConversation(input),
    createdAt: options.now,
    updatedAt: options.now,
    leafId: null,
  };
}

/**
 * A new message from checked fields, with the store's defaults; the
 * backend has resolved its parent (see `NewMessage.parentId`).
 */
export function newMessageRecord(
  fields: NewMessage,
  options: { id: string; now: string; parentId: string | null },
): Message {
  const createdAt = fields.createdAt ?? options.now;
  const status = fields.status ?? "complete";
  return {
    id: options.id,
    parentId: options.parentId,
    role: fields.role,
    content: fields.content,
    createdAt,
    completedAt: status === "streaming"
      ? null
      : fields.completedAt ?? createdAt,
    status,
    model: fields.model ?? null,
    finishReason: fields.finishReason ?? null,
    promptTokens: fields.promptTokens ?? null,
    completionTokens: fields.completionTokens ?? null,
    error: fields.error ?? null,
    ...(fields.reasoning ? { reasoning: fields.reasoning } : {}),
    ...(fields.attachments?.length ? { attachments: fields.attachments } : {}),
  };
}

/** A message after a checked update: streaming has no `completedAt`. */
export function patchedMessage(
  old: Message,
  changes: MessagePatch,
  now: string,
): Message {
  const next: Message = { ...old, ...changes };
  if (next.reasoning === "") delete next.reasoning;
  if (next.status === "streaming") next.completedAt = null;
  else if (next.completedAt === null) next.completedAt = now;
  return next;
}

/** A conversation and its messages checked and built for an import. */
export interface ImportRecords {
  entry: IndexEntry;
  messages: Message[];
}

/**
 * Check and build an import: messages get fresh ids and keep their times
 * and their tree (see `importedParents`), a reply left streaming comes in
 * `interrupted`, and the conversation's times cover its messages. Throws
 * `ValidationError` naming the message.
 */
export function importRecords(
  input: ImportedConversationInput,
  messages: NewMessage[],
  options: { newId: () => string; now: string },
): ImportRecords {
  const { createdAt, updatedAt, leafId, ...rest } = input ?? {};
  const fields = checkNewConversation(rest);
  const checked = messages.map((m, i) => {
    try {
      return checkNewMessage({ ...m, id: undefined, parentId: undefined });
    } catch (error) {
      if (error instanceof ValidationError) {
        throw new ValidationError(`message ${i + 1}: ${error.message}`, {
          field: error.field,
        });
      }
      throw error;
    }
  });
  const now = options.now;
  const ids = messages.map(() => options.newId());
  const parents = importedParents(messages, ids);
  const built: Message[] = checked.map((m, i) => {
    const at = m.createdAt ?? now;
    const status = m.status === "streaming" ? "interrupted" : m.status;
    return newMessageRecord(
      { ...m, status: status ?? "complete", completedAt: m.completedAt ?? at },
      { id: ids[i], now, parentId: parents[i] },
    );
  });
  const shown = leafId === undefined
    ? -1
    : messages.findIndex((m) => m.id === leafId);
  const id = options.newId();
  const created = createdAt
    ? checkTimestamp(createdAt, "createdAt")
    : (built[0]?.createdAt ?? now);
  let updated = updatedAt ? checkTimestamp(updatedAt, "updatedAt") : created;
  for (const m of built) updated = laterOf(updated, m.createdAt);
  return {
    entry: {
      id,
      ...fields,
      createdAt: created,
      updatedAt: updated,
      leafId: shown >= 0 ? ids[shown] : null,
    },
    messages: built,
  };
}

/**
 * Parents of imported messages as new ids: a message's `parentId` names
 * another's `id` in the file; none (or an unknown one) means the message
 * before, null a root.
 */
function importedParents(
  messages: readonly NewMessage[],
  ids: readonly string[],
): (string | null)[] {
  const byKey = new Map<string, string>();
  messages.forEach((m, i) => {
    if (typeof m.id === "string" && !byKey.has(m.id)) byKey.set(m.id, ids[i]);
  });
  return messages.map((m, i) => {
    if (m.parentId === null) return null;
    const named = m.parentId === undefined ? undefined : byKey.get(m.parentId);
    if (named && named !== ids[i]) return named;
    return i === 0 ? null : ids[i - 1];
  });
}

/** Check the text of a checkpoint: a string, newlines as stored, in limit. */
export function checkpointText(content: unknown): string {
  if (typeof content !== "string") {
    throw new ValidationError("content must be a string", {
      field: "content",
    });
  }
  const text = normalizeNewlines(content);
  if (text.length > LIMITS.content) {
    throw new PayloadTooLargeError(
      `content must be at most ${LIMITS.content} characters`,
    );
  }
  return text;
}

/**
 * Check a conversation and messages given whole (moving a history between
 * stores): ids and times are kept, every field is checked as on create.
 */
export function copyRecords(
  conversation: IndexEntry,
  messages: readonly Message[],
): ImportRecords {
  const { id, createdAt, updatedAt, ...rest } = conversation;
  if (!isId(id)) {
    throw new ValidationError("id must be a lowercase UUIDv7", { field: "id" });
  }
  const { damaged: _, leafId, ...fields } = rest as typeof rest & {
    damaged?: unknown;
  };
  const entry: IndexEntry = {
    id,
    ...checkNewConversation(fields),
    createdAt: checkTimestamp(createdAt, "createdAt"),
    updatedAt: checkTimestamp(updatedAt, "updatedAt"),
    leafId: leafId ? checkParent(leafId, "leafId") : null,
  };
  const seen = new Set<string>();
  const built = messages.map((m, i) => {
    try {
      const checked = checkNewMessage(m);
      if (seen.has(m.id)) {
        throw new ValidationError("id appears twice", { field: "id" });
      }
      seen.add(m.id);
      return newMessageRecord(checked, {
        id: m.id,
        now: m.createdAt,
        parentId: checked.parentId ?? null,
      });
    } catch (error) {
      if (error instanceof ValidationError) {
        throw new ValidationError(`message ${i + 1}: ${error.message}`, {
          field: error.field,
        });
      }
      throw error;
    }
  });
  return { entry, messages: built };
}
