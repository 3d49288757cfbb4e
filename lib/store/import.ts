/**
 * Imports: our own CSV and JSON exports and ChatGPT's `conversations.json`.
 * `planImport` reads a file into conversations without touching the store
 * (so a bad file changes nothing); `runImport` writes them and reports what
 * was imported and what was skipped, and why.
 *
 * @module
 */
import { UnsupportedMediaTypeError, ValidationError } from "../errors.ts";
import { fromChatGpt, isChatGptConversation } from "./chatgpt_import.ts";
import { MESSAGE_COLUMNS } from "./columns.ts";
import { readTable } from "./csv_read.ts";
import {
  EXPORT_CONVERSATION_COLUMNS,
  JSON_FORMAT_NAME,
  unescapeCell,
} from "./export.ts";
import type { ChatStore, NewConversation, NewMessage } from "./types.ts";
import { MESSAGE_STATUSES, ROLES } from "./types.ts";
import { checkNewMessage, LIMITS, MESSAGE_FIELDS } from "./validate.ts";

/** One conversation read from a file, not yet stored. */
export interface ImportedConversation {
  /** Where it came from in the file, for reports. */
  source: string;
  conversation: NewConversation & { createdAt?: string; updatedAt?: string };
  messages: NewMessage[];
}

/** Something in the file that was not imported. */
export interface ImportSkip {
  item: string;
  reason: string;
}

/** What a file holds. */
export interface ImportPlan {
  format: "csv" | "json" | "chatgpt";
  conversations: ImportedConversation[];
  skipped: ImportSkip[];
}

/** What an import did. */
export interface ImportReport {
  format: ImportPlan["format"];
  imported: { id: string; title: string; messages: number }[];
  skipped: ImportSkip[];
}

const MAX_CONVERSATIONS = 10_000;

/** Read an import file; throws when it is none of the known formats. */
export function planImport(
  text: string,
  options: { filename?: string } = {},
): ImportPlan {
  const body = text.replace(/^\uFEFF/, "");
  const start = body.trimStart()[0];
  if (start === "{" || start === "[") return planJson(body);
  return planCsv(text, options.filename);
}

function planJson(body: string): ImportPlan {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    throw new ValidationError(
      `The file is not valid JSON: ${(error as Error).message}`,
      { field: "file" },
    );
  }
  const items = Array.isArray(value) ? value : [value];
  if (items.length > MAX_CONVERSATIONS) {
    throw new ValidationError(
      `An import may hold at most ${MAX_CONVERSATIONS} conversations`,
      { field: "file" },
    );
  }
  const plan: ImportPlan = {
    format: items.some(isChatGptConversation) ? "chatgpt" : "json",
    conversations: [],
    skipped: [],
  };
  items.forEach((item, i) => {
    const label = `conversation ${i + 1}`;
    let read: ImportedConversation | null = null;
    if (isChatGptConversation(item)) {
      read = fromChatGpt(item as Record<string, unknown>, label, plan.skipped);
    } else if (isOurs(item)) {
      read = fromOurJson(item as OurJson, label, plan.skipped);
    } else {
      plan.skipped.push({
        item: label,
        reason: "it is neither a LiveAiChat export nor a ChatGPT conversation",
      });
    }
    if (read) plan.conversations.push(read);
  });
  const known = items.some((item) =>
    isChatGptConversation(item) || isOurs(item)
  );
  if (!known) {
    throw new UnsupportedMediaTypeError(
      "The JSON file is neither a LiveAiChat export nor ChatGPT's conversations.json",
    );
  }
  return plan;
}

interface OurJson {
  format?: string;
  conversation?: Record<string, unknown>;
  messages: unknown[];
}

function isOurs(value: unknown): boolean {
  return typeof value === "object" && value !== null &&
    Array.isArray((value as OurJson).messages) &&
    ((value as OurJson).format === undefined ||
      (value as OurJson).format === JSON_FORMAT_NAME);
}

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
    if (message) messages.push(message);
  });
  return finish(
    where,
    {
      title,
      model: typeof c.model === "string" ? c.model : null,
      systemPrompt: typeof c.systemPrompt === "string" ? c.systemPrompt : "",
      temperature: typeof c.temperature === "number" ? c.temperature : null,
      pinned: c.pinned === true,
      createdAt: typeof c.createdAt === "string" ? c.createdAt : undefined,
      updatedAt: typeof c.updatedAt === "string" ? c.updatedAt : undefined,
    },
    messages,
    skipped,
  );
}

function tryMessage(
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

function finish(
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

function planCsv(text: string, filename?: string): ImportPlan {
  const table = readTable(new TextEncoder().encode(text), {
    columns: [...MESSAGE_COLUMNS, ...EXPORT_CONVERSATION_COLUMNS],
    required: ["role", "content"],
    atStartup: false,
  });
  if (!table.columns) {
    throw new UnsupportedMediaTypeError(
      "The file is not a CSV of messages with role and content columns, " +
        "a LiveAiChat JSON export, or ChatGPT's conversations.json",
    );
  }
  const skipped: ImportSkip[] = table.problems.map((p) => ({
    item: `line ${p.line}`,
    reason: p.message,
  }));
  const at = (column: string) => table.columns!.positions.get(column) ?? -1;
  const messages: NewMessage[] = [];
  const settings = new Map<string, string>();
  for (const row of table.rows) {
    const cell = (column: string) => {
      const i = at(column);
      return i < 0 ? "" : unescapeCell(row.fields[i] ?? "");
    };
    for (const column of EXPORT_CONVERSATION_COLUMNS) {
      if (!settings.has(column) && cell(column) !== "") {
        settings.set(column, cell(column));
      }
    }
    const optional = (column: string) => cell(column).trim() || undefined;
    const count = (column: string) => {
      const v = optional(column);
      return v === undefined ? undefined : Number(v);
    };
    const role = cell("role").trim().toLowerCase();
    const status = cell("status").trim().toLowerCase();
    const candidate: Record<string, unknown> = {
      role: ROLES.includes(role as never) ? role : cell("role"),
      content: cell("content"),
      status: status === ""
        ? undefined
        : MESSAGE_STATUSES.includes(status as never)
        ? status
        : cell("status"),
      createdAt: optional("created_at"),
      completedAt: optional("completed_at"),
      model: optional("model"),
      finishReason: optional("finish_reason"),
      promptTokens: count("prompt_tokens"),
      completionTokens: count("completion_tokens"),
      error: optional("error"),
    };
    for (const key of Object.keys(candidate)) {
      if (candidate[key] === undefined) delete candidate[key];
    }
    const message = tryMessage(
      candidate,
      `line ${table.lineOf(row.at)}`,
      skipped,
    );
    if (message) messages.push(message);
  }
  const name = filename?.replace(/\.csv$/i, "").trim();
  const firstUser = messages.find((m) => m.role === "user")?.content
    .split("\n").find((l) => l.trim() !== "");
  const title = (settings.get("conversation_title") || name || firstUser ||
    "Imported conversation").replace(/\s+/g, " ").trim().slice(0, 200);
  const temperature = Number(settings.get("conversation_temperature") ?? "");
  const conversation = finish(
    "the file",
    {
      title,
      model: settings.get("conversation_model") ?? null,
      systemPrompt: settings.get("conversation_system_prompt") ?? "",
      temperature: settings.has("conversation_temperature") &&
          Number.isFinite(temperature)
        ? temperature
        : null,
    },
    messages,
    skipped,
  );
  return {
    format: "csv",
    conversations: conversation ? [conversation] : [],
    skipped,
  };
}

/** Store every conversation of a plan; failures are reported, not thrown. */
export async function runImport(
  store: ChatStore,
  plan: ImportPlan,
): Promise<ImportReport> {
  const report: ImportReport = {
    format: plan.format,
    imported: [],
    skipped: [...plan.skipped],
  };
  for (const item of plan.conversations) {
    try {
      const c = await store.importConversation(
        item.conversation,
        item.messages,
      );
      report.imported.push({
        id: c.id,
        title: c.title,
        messages: item.messages.length,
      });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      report.skipped.push({ item: item.source, reason: error.message });
    }
  }
  return report;
}
