/**
 * Attachment records as the store keeps them: checked before a message
 * carrying them is written, and kept in the messages CSV as one JSON cell
 * (`attachments`), which older files lack (read as none).
 *
 * @module
 */
import {
  type Attachment,
  IMAGE_MEDIA_TYPES,
  MAX_ATTACHMENTS_PER_MESSAGE,
  MAX_IMAGE_ATTACHMENT_BYTES,
  MAX_TEXT_ATTACHMENT_BYTES,
} from "../api/attachments.ts";
import type { Message } from "../api/records.ts";
import { ConflictError, ValidationError } from "../errors.ts";
import { isId } from "./uuid.ts";

/**
 * Refuse to remove a file a sent message carries: the conversation would
 * show a file that is gone. Only uploads not yet sent can be removed (a
 * chip taken off before sending); a sent one goes with its conversation.
 */
export function assertNotSent(
  messages: readonly Message[],
  attachment: Attachment,
): void {
  const sent = messages.some((m) =>
    m.attachments?.some((a) => a.id === attachment.id)
  );
  if (sent) {
    throw new ConflictError(
      `${attachment.name} belongs to a sent message; it is removed with the conversation.`,
    );
  }
}

/** Longest name a record may carry (names are cut shorter on upload). */
const MAX_NAME = 255;

/** One record checked field by field; a sentence when it is not one. */
export function attachmentRecord(value: unknown): Attachment | string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return "an attachment must be an object";
  }
  const v = value as Record<string, unknown>;
  if (!isId(v.id)) return "an attachment id must be a lowercase UUIDv7";
  if (typeof v.name !== "string" || v.name === "" || v.name.length > MAX_NAME) {
    return "an attachment name must be 1–255 characters";
  }
  if (v.kind !== "text" && v.kind !== "image") {
    return "an attachment kind must be text or image";
  }
  if (
    typeof v.mediaType !== "string" || v.mediaType.length > 100 ||
    (v.kind === "image" && !IMAGE_MEDIA_TYPES.includes(v.mediaType))
  ) {
    return "an attachment media type is not one the app accepts";
  }
  const max = v.kind === "image"
    ? MAX_IMAGE_ATTACHMENT_BYTES
    : MAX_TEXT_ATTACHMENT_BYTES;
  if (!isCount(v.size) || v.size > max) {
    return "an attachment size must be a byte count within the limits";
  }
  const record: Attachment = {
    id: v.id,
    name: v.name,
    mediaType: v.mediaType,
    kind: v.kind,
    size: v.size,
  };
  if (v.kind === "image") {
    if (!isCount(v.width) || !isCount(v.height)) {
      return "an image attachment needs its width and height";
    }
    record.width = v.width;
    record.height = v.height;
  }
  return record;
}

/**
 * The `attachments` of a new message, checked (400 naming the problem);
 * undefined when there are none.
 */
export function checkAttachments(value: unknown): Attachment[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw new ValidationError("attachments must be a list", {
      field: "attachments",
    });
  }
  if (value.length > MAX_ATTACHMENTS_PER_MESSAGE) {
    throw new ValidationError(
      `A message can have at most ${MAX_ATTACHMENTS_PER_MESSAGE} files.`,
      { field: "attachments" },
    );
  }
  const records = value.map((item) => {
    const record = attachmentRecord(item);
    if (typeof record === "string") {
      throw new ValidationError(record, { field: "attachments" });
    }
    return record;
  });
  return records.length > 0 ? records : undefined;
}

/** The CSV cell of a message's attachments ("" for none). */
export function attachmentsCell(attachments?: readonly Attachment[]): string {
  return attachments?.length ? JSON.stringify(attachments) : "";
}

/**
 * The attachments in a CSV cell: none for an empty cell; a cell that is
 * not a list of records (a hand edit) keeps the records it can read.
 */
export function attachmentsFromCell(raw: string): Attachment[] | undefined {
  if (raw.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const records = value.map(attachmentRecord).filter((r) =>
    typeof r !== "string"
  ) as Attachment[];
  return records.length > 0 ? records : undefined;
}

function isCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) &&
    value >= 0;
}
