/**
 * Reads one item of a JSON import: a LiveAiChat conversation export, or one
 * conversation of ChatGPT's `conversations.json`.
 *
 * @module
 */
import { fromChatGpt, isChatGptConversation } from "./chatgpt_import.ts";
import { JSON_FORMAT_NAME } from "./export.ts";
import { finish, treeKeys, tryMessage } from "./import_checks.ts";
import type { ImportedConversation, ImportSkip } from "./import.ts";
import type { NewMessage } from "./types.ts";
import { MESSAGE_FIELDS } from "./validate.ts";
import { readImportFiles, withImportFiles } from "./import_files.ts";

/** Which reader an item of a JSON file is for, or null for none. */
export function jsonItemFormat(item: unknown): "chatgpt" | "json" | null {
  if (isChatGptConversation(item)) return "chatgpt";
  return isOurs(item) ? "json" : null;
}

/**
 * Read item `index` of a JSON file; what cannot be imported is noted in
 * `skipped` with where it was and why.
 */
export function fromJsonItem(
  item: unknown,
  index: number,
  skipped: ImportSkip[],
): ImportedConversation | null {
  const label = `conversation ${index + 1}`;
  switch (jsonItemFormat(item)) {
    case "chatgpt":
      return fromChatGpt(item as Record<string, unknown>, label, skipped);
    case "json":
      return fromOurJson(item as OurJson, label, skipped);
    default:
      skipped.push({
        item: label,
        reason: "it is neither a LiveAiChat export nor a ChatGPT conversation",
      });
      return null;
  }
}

interface OurJson {
  format?: string;
  conversation?: Record<string, unknown>;
  messages: unknown[];
  attachments?: unknown;
}

function isOurs(value: unknown): boolean {
  return typeof value === "object" && value !== null &&
    Array.isArray((value as OurJson).messages) &&
    ((value as OurJson).format === undefined ||
      (value as OurJson).format === JSON_FORMAT_NAME);
}

/** Read one conversation of our JSON export. */
function fromOurJson(
  value: OurJson,
  label: string,
  skipped: ImportSkip[],
): ImportedConversation | null {
  const c = value.conversation ?? {};
  const title = typeof c.title === "string" && c.title.trim()
    ? c.title.replace(/\s+/g, " ").trim().slice(0, 200)
    : undefined;
  const where = title ? `${label} "${title.slice(0, 60)}"` : label;
  const files = readImportFiles(value.attachments, where, skipped);
  const messages: NewMessage[] = [];
  value.messages.forEach((raw, i) => {
    const m = (typeof raw === "object" && raw !== null ? raw : {}) as Record<
      string,
      unknown
    >;
    const candidate = Object.fromEntries(
      ["createdAt", ...MESSAGE_FIELDS]
        .filter((k) => m[k] !== undefined).map((k) => [k, m[k]]),
    );
    const message = tryMessage(
      candidate,
      `${where}, message ${i + 1}`,
      skipped,
    );
    if (message) {
      withImportFiles(message, m.attachments, files);
      messages.push(treeKeys(message, m.id, m.parentId));
    }
  });
  const imported = finish(
    where,
    {
      title,
      model: typeof c.model === "string" ? c.model : null,
      systemPrompt: typeof c.systemPrompt === "string" ? c.systemPrompt : "",
      temperature: typeof c.temperature === "number" ? c.temperature : null,
      pinned: c.pinned === true,
      createdAt: typeof c.createdAt === "string" ? c.createdAt : undefined,
      updatedAt: typeof c.updatedAt === "string" ? c.updatedAt : undefined,
      leafId: typeof c.leafId === "string" ? c.leafId : undefined,
    },
    messages,
    skipped,
  );
  if (imported && files.size > 0) imported.files = [...files.values()];
  return imported;
}
