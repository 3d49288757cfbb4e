/**
 * Checks on everything that enters the store, done before any write so a
 * bad request never leaves half a change behind. Inputs are `unknown`
 * because they mostly come straight from JSON bodies.
 *
 * @module
 */
import { PayloadTooLargeError, ValidationError } from "../errors.ts";
import {
  type ConversationPatch,
  MESSAGE_STATUSES,
  type MessagePatch,
  type MessageStatus,
  type NewMessage,
  type Role,
  ROLES,
} from "./types.ts";
import { checkAttachments } from "./attachments.ts";
import { isId } from "./uuid.ts";

/** Longest values the store accepts, in characters. */
export const LIMITS = {
  title: 200,
  model: 200,
  systemPrompt: 20_000,
  /** A long reply (the server's MAX_REPLY_CHARS is at most this). */
  content: 8_000_000,
  finishReason: 100,
  error: 4_000,
} as const;

/** Title given to conversations created without one. */
export const DEFAULT_TITLE = "New chat";

/** Turn `\r\n` and lone `\r` into `\n`, so CRLF only ever ends a CSV row. */
export function normalizeNewlines(text: string): string {
  return text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text;
}

function length(text: string): number {
  // Count code points, not UTF-16 units, so emoji count as one character.
  let n = 0;
  for (const _ of text) n++;
  return n;
}

function record(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError(`${what} must be a JSON object`);
  }
  return value as Record<string, unknown>;
}

function onlyKeys(
  value: Record<string, unknown>,
  allowed: readonly string[],
): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ValidationError(`${key} is not a field that can be set`, {
        field: key,
      });
    }
  }
}

function text(
  value: unknown,
  field: string,
  max: number,
  options: { tooLarge?: boolean } = {},
): string {
  if (typeof value !== "string") {
    throw new ValidationError(`${field} must be a string`, { field });
  }
  const normalized = normalizeNewlines(value);
  if (normalized.length > max && length(normalized) > max) {
    const message = `${field} must be at most ${max} characters`;
    if (options.tooLarge) throw new PayloadTooLargeError(message);
    throw new ValidationError(message, { field });
  }
  return normalized;
}

function optionalText(
  value: unknown,
  field: string,
  max: number,
): string | null {
  if (value === null || value === undefined) return null;
  const result = text(value, field, max).trim();
  return result === "" ? null : result;
}

/** A title: one line, trimmed, 1–200 characters. */
export function checkTitle(value: unknown): string {
  const title = text(value, "title", LIMITS.title).replace(/\s+/g, " ")
    .trim();
  if (title === "") {
    throw new ValidationError("title must not be empty", { field: "title" });
  }
  return title;
}

/** A model id (one line) or null for the server default. */
export function checkModel(value: unknown): string | null {
  const model = optionalText(value, "model", LIMITS.model);
  if (model !== null && /\s/.test(model)) {
    throw new ValidationError("model must not contain spaces", {
      field: "model",
    });
  }
  return model;
}

/** A temperature between 0 and 2, or null for the provider default. */
export function checkTemperature(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new ValidationError("temperature must be a number", {
      field: "temperature",
    });
  }
  if (value < 0 || value > 2) {
    throw new ValidationError("temperature must be between 0 and 2", {
      field: "temperature",
    });
  }
  return value;
}

/** Longest reply a conversation may ask for, in tokens. */
export const MAX_OUTPUT_TOKENS = 1_000_000;

/** A whole number of tokens 1–1,000,000, or null for the provider's own. */
export function checkMaxOutputTokens(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (
    typeof value !== "number" || !Number.isSafeInteger(value) || value < 1 ||
    value > MAX_OUTPUT_TOKENS
  ) {
    throw new ValidationError(
      `maxOutputTokens must be a whole number from 1 to ${MAX_OUTPUT_TOKENS}, or null`,
      { field: "maxOutputTokens" },
    );
  }
  return value;
}

function checkBoolean(value: unknown, field: string): boolean {
  if (typeof value !== "boolean") {
    throw new ValidationError(`${field} must be true or false`, { field });
  }
  return value;
}

/** A valid role. */
export function checkRole(value: unknown): Role {
  if (!ROLES.includes(value as Role)) {
    throw new ValidationError("role must be user, assistant or system", {
      field: "role",
    });
  }
  return value as Role;
}

/** A valid message status. */
export function checkStatus(value: unknown): MessageStatus {
  if (!MESSAGE_STATUSES.includes(value as MessageStatus)) {
    throw new ValidationError(
      `status must be one of ${MESSAGE_STATUSES.join(", ")}`,
      { field: "status" },
    );
  }
  return value as MessageStatus;
}

/** An ISO-8601 timestamp, returned in UTC with milliseconds. */
export function checkTimestamp(value: unknown, field: string): string {
  if (typeof value !== "string" || value.length > 40) {
    throw new ValidationError(`${field} must be an ISO-8601 timestamp`, {
      field,
    });
  }
  const time = Date.parse(value);
  if (!Number.isFinite(time)) {
    throw new ValidationError(`${field} must be an ISO-8601 timestamp`, {
      field,
    });
  }
  return new Date(time).toISOString();
}

function checkCount(value: unknown, field: string): number | null {
  if (value === null || value === undefined) return null;
  if (
    typeof value !== "number" || !Number.isSafeInteger(value) || value < 0
  ) {
    throw new ValidationError(`${field} must be a whole number ≥ 0`, {
      field,
    });
  }
  return value;
}

/** A new conversation with every field present and checked. */
export interface CheckedNewConversation {
  title: string;
  model: string | null;
  systemPrompt: string;
  temperature: number | null;
  pinned: boolean;
  maxOutputTokens: number | null;
}

/** Check the body of "create a conversation". */
export function checkNewConversation(input: unknown): CheckedNewConversation {
  const value = record(input ?? {}, "conversation");
  onlyKeys(value, [
    "title",
    "model",
    "systemPrompt",
    "temperature",
    "pinned",
    "maxOutputTokens",
  ]);
  const title = value.title === undefined || value.title === null ||
      (typeof value.title === "string" && value.title.trim() === "")
    ? DEFAULT_TITLE
    : checkTitle(value.title);
  return {
    title,
    model: checkModel(value.model),
    systemPrompt: value.systemPrompt === undefined
      ? ""
      : text(value.systemPrompt, "systemPrompt", LIMITS.systemPrompt),
    temperature: checkTemperature(value.temperature),
    pinned: value.pinned === undefined
      ? false
      : checkBoolean(value.pinned, "pinned"),
    maxOutputTokens: checkMaxOutputTokens(value.maxOutputTokens),
  };
}

/** Check a conversation update; only the fields present are returned. */
export function checkConversationPatch(input: unknown): ConversationPatch {
  const value = record(input, "update");
  onlyKeys(value, [
    "title",
    "pinned",
    "model",
    "systemPrompt",
    "temperature",
    "leafId",
    "maxOutputTokens",
  ]);
  const patch: ConversationPatch = {};
  if ("title" in value) patch.title = checkTitle(value.title);
  if ("pinned" in value) patch.pinned = checkBoolean(value.pinned, "pinned");
  if ("model" in value) patch.model = checkModel(value.model);
  if ("systemPrompt" in value) {
    patch.systemPrompt = text(
      value.systemPrompt ?? "",
      "systemPrompt",
      LIMITS.systemPrompt,
    );
  }
  if ("temperature" in value) {
    patch.temperature = checkTemperature(value.temperature);
  }
  if ("leafId" in value) patch.leafId = checkParent(value.leafId, "leafId");
  if ("maxOutputTokens" in value) {
    patch.maxOutputTokens = checkMaxOutputTokens(value.maxOutputTokens);
  }
  return patch;
}

/** Fields of a message that may be set after it was created. */
export const MESSAGE_FIELDS = [
  "role",
  "content",
  "status",
  "completedAt",
  "model",
  "finishReason",
  "promptTokens",
  "completionTokens",
  "error",
  "reasoning",
] as const;

/** Check a message update; only the fields present are returned. */
export function checkMessagePatch(input: unknown): MessagePatch {
  const value = record(input, "message update");
  onlyKeys(value, MESSAGE_FIELDS);
  const patch: MessagePatch = {};
  if ("role" in value) patch.role = checkRole(value.role);
  if ("content" in value) {
    patch.content = text(value.content, "content", LIMITS.content, {
      tooLarge: true,
    });
  }
  if ("status" in value) patch.status = checkStatus(value.status);
  if ("completedAt" in value) {
    patch.completedAt = value.completedAt === null
      ? null
      : checkTimestamp(value.completedAt, "completedAt");
  }
  if ("model" in value) patch.model = checkModel(value.model);
  if ("finishReason" in value) {
    patch.finishReason = optionalText(
      value.finishReason,
      "finishReason",
      LIMITS.finishReason,
    );
  }
  if ("promptTokens" in value) {
    patch.promptTokens = checkCount(value.promptTokens, "promptTokens");
  }
  if ("completionTokens" in value) {
    patch.completionTokens = checkCount(
      value.completionTokens,
      "completionTokens",
    );
  }
  if ("error" in value) {
    patch.error = optionalText(value.error, "error", LIMITS.error);
  }
  if ("reasoning" in value) {
    patch.reasoning = text(value.reasoning ?? "", "reasoning", LIMITS.content, {
      tooLarge: true,
    });
  }
  return patch;
}

/** A message id, or null; named `field` in the error. */
export function checkParent(value: unknown, field: string): string | null {
  if (value === null) return null;
  if (!isId(value)) {
    throw new ValidationError(`${field} must be a message id or null`, {
      field,
    });
  }
  return value;
}

/** Check a new message; `id` and `createdAt` are checked when given. */
export function checkNewMessage(input: unknown): NewMessage {
  const value = record(input, "message");
  onlyKeys(value, [
    ...MESSAGE_FIELDS,
    "id",
    "createdAt",
    "parentId",
    "attachments",
  ]);
  if (!("role" in value)) {
    throw new ValidationError("role is required", { field: "role" });
  }
  if (!("content" in value)) {
    throw new ValidationError("content is required", { field: "content" });
  }
  const { role, content, ...rest } = checkMessagePatch(
    Object.fromEntries(
      Object.entries(value).filter(([k]) =>
        k !== "id" && k !== "createdAt" && k !== "parentId" &&
        k !== "attachments"
      ),
    ),
  );
  const message: NewMessage = { role: role!, content: content!, ...rest };
  if (value.id !== undefined) {
    if (!isId(value.id)) {
      throw new ValidationError("id must be a lowercase UUIDv7", {
        field: "id",
      });
    }
    message.id = value.id;
  }
  if (value.createdAt !== undefined) {
    message.createdAt = checkTimestamp(value.createdAt, "createdAt");
  }
  if (value.parentId !== undefined) {
    message.parentId = checkParent(value.parentId, "parentId");
  }
  const attachments = checkAttachments(value.attachments);
  if (attachments) message.attachments = attachments;
  return message;
}
