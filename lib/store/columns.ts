/**
 * The CSV columns of the two file kinds and the conversions between rows
 * and objects. Writing is strict and canonical; reading is forgiving about
 * what spreadsheets do (column order, header case, `TRUE`, other date
 * formats) but never guesses a message's id, role or status.
 *
 * @module
 */
import { stringify } from "@std/csv/stringify";
import type { Conversation, Message, MessageStatus, Role } from "./types.ts";
import { MESSAGE_STATUSES, ROLES } from "./types.ts";
import { idTime } from "./uuid.ts";
import type { Attachment } from "../api/attachments.ts";
import { attachmentsCell, attachmentsFromCell } from "./attachments.ts";
import { DEFAULT_TITLE, normalizeNewlines } from "./validate.ts";

/** Columns of a messages file, short ones first, `content` last. */
export const MESSAGE_COLUMNS = [
  "id",
  "parent_id",
  "role",
  "status",
  "created_at",
  "completed_at",
  "model",
  "finish_reason",
  "prompt_tokens",
  "completion_tokens",
  "error",
  "reasoning",
  "attachments",
  "content",
] as const;

/** Columns of the conversations index, `system_prompt` last. */
export const CONVERSATION_COLUMNS = [
  "id",
  "title",
  "pinned",
  "created_at",
  "updated_at",
  "model",
  "temperature",
  "max_output_tokens",
  "leaf_id",
  "system_prompt",
] as const;

/** A conversation as kept in the index (no derived fields). */
export type IndexEntry = Omit<Conversation, "damaged">;

const encoder = new TextEncoder();

/**
 * CSV text of rows (CRLF ends), with `\r` inside values turned into `\n`
 * so that a CRLF in the file always ends a row.
 */
export function encodeRows(
  rows: readonly (readonly string[])[],
  options: { header?: readonly string[] } = {},
): string {
  const all = options.header ? [options.header, ...rows] : rows;
  return stringify(
    all.map((row) => row.map(normalizeNewlines)),
    { headers: false },
  );
}

/** UTF-8 bytes of `encodeRows`. */
export function encodeRowBytes(
  rows: readonly (readonly string[])[],
  options: { header?: readonly string[] } = {},
): Uint8Array {
  return encoder.encode(encodeRows(rows, options));
}

function orEmpty(value: string | number | null): string {
  return value === null ? "" : String(value);
}

/**
 * `parent_id` of a first message. An empty cell means "the row above" (so
 * older files without the column, and rows added by hand, read as one
 * straight line); a root after the first row needs to say so.
 */
export const ROOT_PARENT = "root";

/**
 * `parentId` of a message read from a row with an empty `parent_id`:
 * the message file resolves it to the message before.
 */
export const PARENT_ABOVE = "";

/** The row of a message, in `MESSAGE_COLUMNS` order. */
export function messageToRow(message: Message): string[] {
  return [
    message.id,
    message.parentId ?? ROOT_PARENT,
    message.role,
    message.status,
    message.createdAt,
    orEmpty(message.completedAt),
    orEmpty(message.model),
    orEmpty(message.finishReason),
    orEmpty(message.promptTokens),
    orEmpty(message.completionTokens),
    orEmpty(message.error),
    message.reasoning ?? "",
    attachmentsCell(message.attachments),
    message.content,
  ];
}

/** The row of a conversation, in `CONVERSATION_COLUMNS` order. */
export function conversationToRow(entry: IndexEntry): string[] {
  return [
    entry.id,
    entry.title,
    entry.pinned ? "true" : "false",
    entry.createdAt,
    entry.updatedAt,
    orEmpty(entry.model),
    orEmpty(entry.temperature),
    orEmpty(entry.maxOutputTokens ?? null),
    orEmpty(entry.leafId),
    entry.systemPrompt,
  ];
}

function headerKey(name: string): string {
  return name.replace(/^\uFEFF/, "").toLowerCase().replace(/[^a-z0-9]/g, "");
}

/** Where each known column sits in a file's header (-1 when absent). */
export interface ColumnPositions {
  positions: Map<string, number>;
  /** Required columns the header lacks. */
  missing: string[];
}

/** Match a header row to known columns, ignoring case, spaces and `_`. */
export function mapHeader(
  header: readonly string[],
  columns: readonly string[],
  required: readonly string[],
): ColumnPositions {
  const byKey = new Map<string, number>();
  header.forEach((name, i) => {
    const key = headerKey(name);
    if (!byKey.has(key)) byKey.set(key, i);
  });
  const positions = new Map<string, number>();
  for (const column of columns) {
    positions.set(column, byKey.get(headerKey(column)) ?? -1);
  }
  const missing = required.filter((c) => positions.get(c) === -1);
  return { positions, missing };
}

/**
 * Column positions by name, as a plain object: read once per row and
 * column for every row of every file, where a `Map` lookup costs more.
 */
const fastPositions = new WeakMap<ColumnPositions, Record<string, number>>();

function positionsOf(map: ColumnPositions): Record<string, number> {
  let fast = fastPositions.get(map);
  if (fast === undefined) {
    fast = Object.fromEntries(map.positions);
    fastPositions.set(map, fast);
  }
  return fast;
}

function field(
  fields: readonly string[],
  map: ColumnPositions,
  column: string,
): string {
  const at = positionsOf(map)[column] ?? -1;
  // Values from `readTable` are already free of CR.
  return at < 0 ? "" : fields[at] ?? "";
}

const CANONICAL_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** ISO timestamp of a cell, null when empty, undefined when not a date. */
function timestamp(raw: string): string | null | undefined {
  if (CANONICAL_TIME.test(raw)) return raw;
  const value = raw.trim();
  if (value === "") return null;
  const time = Date.parse(value);
  return Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

function count(raw: string): number | null | undefined {
  const value = raw.trim();
  if (value === "") return null;
  if (!/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

function optional(raw: string): string | null {
  const value = raw.trim();
  return value === "" ? null : value;
}

const ID =
  /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * The message in a row, or a sentence saying why the row cannot be read.
 * Missing optional cells get defaults (a hand-added row needs only `id`,
 * `role` and `content`).
 */
export function messageFromRow(
  fields: readonly string[],
  map: ColumnPositions,
): Message | string {
  const id = field(fields, map, "id").trim().toLowerCase();
  if (!ID.test(id)) return "id is missing or is not a UUIDv7";
  const parentRaw = field(fields, map, "parent_id").trim().toLowerCase();
  const parentId = parentRaw === ROOT_PARENT
    ? null
    : parentRaw === ""
    ? PARENT_ABOVE
    : parentRaw;
  if (parentId && !ID.test(parentId)) {
    return `parent_id "${parentRaw}" is not a message id, "root" or empty`;
  }
  const role = field(fields, map, "role").trim().toLowerCase();
  if (!ROLES.includes(role as Role)) {
    return `role "${role}" is not user, assistant or system`;
  }
  const statusRaw = field(fields, map, "status").trim().toLowerCase();
  const status = statusRaw === "" ? "complete" : statusRaw;
  if (!MESSAGE_STATUSES.includes(status as MessageStatus)) {
    return `status "${statusRaw}" is not a known status`;
  }
  const createdAt = timestamp(field(fields, map, "created_at"));
  if (createdAt === undefined) return "created_at is not a date";
  const completedAt = timestamp(field(fields, map, "completed_at"));
  if (completedAt === undefined) return "completed_at is not a date";
  const promptTokens = count(field(fields, map, "prompt_tokens"));
  if (promptTokens === undefined) return "prompt_tokens is not a number";
  const completionTokens = count(field(fields, map, "completion_tokens"));
  if (completionTokens === undefined) {
    return "completion_tokens is not a number";
  }
  return {
    id,
    parentId,
    role: role as Role,
    content: field(fields, map, "content"),
    createdAt: createdAt ?? new Date(idTime(id)).toISOString(),
    completedAt,
    status: status as MessageStatus,
    model: optional(field(fields, map, "model")),
    finishReason: optional(field(fields, map, "finish_reason")),
    promptTokens,
    completionTokens,
    error: optional(field(fields, map, "error")),
    ...reasoningOf(field(fields, map, "reasoning")),
    ...attachmentsOf(field(fields, map, "attachments")),
  };
}

/** `attachments` when the cell has readable ones (absent otherwise). */
function attachmentsOf(raw: string): { attachments?: Attachment[] } {
  const attachments = attachmentsFromCell(raw);
  return attachments ? { attachments } : {};
}

/** `reasoning` when the cell has any (the field is absent otherwise). */
function reasoningOf(raw: string): { reasoning?: string } {
  return raw === "" ? {} : { reasoning: raw };
}

const TRUE = new Set(["true", "1", "yes", "y", "x"]);
const FALSE = new Set(["false", "0", "no", "n", ""]);

function flag(raw: string): boolean | undefined {
  // What the store writes needs no trimming or lower-casing.
  if (raw === "false") return false;
  if (raw === "true") return true;
  const value = raw.trim().toLowerCase();
  if (TRUE.has(value)) return true;
  if (FALSE.has(value)) return false;
  return undefined;
}

/** Spaces, tabs or newlines that a title shows as one space. */
const ODD_SPACE = /\s\s|[^\S ]|^ | $/;

/**
 * The index entry in a row, or a sentence when the id is unusable. Other
 * bad cells fall back to defaults and are listed in `warnings`.
 */
export function conversationFromRow(
  fields: readonly string[],
  map: ColumnPositions,
): { entry: IndexEntry; warnings: string[] } | string {
  const id = field(fields, map, "id").trim().toLowerCase();
  if (!ID.test(id)) return "id is missing or is not a UUIDv7";
  const warnings: string[] = [];
  const pinnedRaw = field(fields, map, "pinned");
  let pinned = flag(pinnedRaw);
  if (pinned === undefined) {
    warnings.push(`pinned "${pinnedRaw}" is not true or false`);
    pinned = false;
  }
  let createdAt = timestamp(field(fields, map, "created_at"));
  if (createdAt === undefined) warnings.push("created_at is not a date");
  createdAt ??= new Date(idTime(id)).toISOString();
  let updatedAt = timestamp(field(fields, map, "updated_at"));
  if (updatedAt === undefined) warnings.push("updated_at is not a date");
  updatedAt ??= createdAt;
  const temperatureRaw = field(fields, map, "temperature").trim();
  let temperature: number | null = null;
  if (temperatureRaw !== "") {
    const t = Number(temperatureRaw);
    if (Number.isFinite(t) && t >= 0 && t <= 2) temperature = t;
    else {warnings.push(
        `temperature "${temperatureRaw}" is not between 0 and 2`,
      );}
  }
  const leafRaw = field(fields, map, "leaf_id").trim().toLowerCase();
  const maxRaw = count(field(fields, map, "max_output_tokens"));
  if (maxRaw === undefined) {
    warnings.push("max_output_tokens is not a whole number");
  }
  const rawTitle = field(fields, map, "title");
  const title = ODD_SPACE.test(rawTitle)
    ? rawTitle.replace(/\s+/g, " ").trim()
    : rawTitle;
  return {
    entry: {
      id,
      title: title === "" ? DEFAULT_TITLE : title,
      pinned,
      createdAt,
      updatedAt,
      model: optional(field(fields, map, "model")),
      temperature,
      leafId: ID.test(leafRaw) ? leafRaw : null,
      maxOutputTokens: maxRaw || null,
      systemPrompt: field(fields, map, "system_prompt"),
    },
    warnings,
  };
}
