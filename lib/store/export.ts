/**
 * Downloads of one conversation: CSV that is safe to open in a spreadsheet
 * (cells that would run as formulas are escaped, UTF-8 BOM so accents show
 * right), Markdown to read or paste, and JSON to re-import losslessly.
 *
 * @module
 */
import { ValidationError } from "../errors.ts";
import { shownPath } from "../api/message_tree.ts";
import { encodeRows, MESSAGE_COLUMNS, messageToRow } from "./columns.ts";
import type { Conversation, Message, StoredAttachment } from "./types.ts";
import { attachmentUrl, formatBytes } from "../api/attachments.ts";

/** Formats `exportConversation` can write. */
export type ExportFormat = "csv" | "md" | "json";

/**
 * Which messages a CSV or Markdown export holds: the branch shown, or
 * every message of the tree (each with its parent). JSON always holds all.
 */
export type ExportBranch = "shown" | "all";

/** Check a `branch` query value (default: the shown branch). */
export function checkExportBranch(value: unknown): ExportBranch {
  const branch = value ?? "shown";
  if (branch !== "shown" && branch !== "all") {
    throw new ValidationError("branch must be shown or all", {
      field: "branch",
    });
  }
  return branch;
}

/** Every export format, for validating a query parameter. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ["csv", "md", "json"];

/** Marker of our JSON export, checked again on import. */
export const JSON_FORMAT_NAME = "liveaichat.conversation";

/** A file ready to send. */
export interface ExportFile {
  body: string;
  /** MIME type with charset. */
  contentType: string;
  /** Suggested file name, ASCII only. */
  filename: string;
}

/**
 * Columns a CSV export adds after the message columns: the conversation's
 * title and settings, filled on the first row, so that importing the file
 * gives the conversation back as it was.
 */
export const EXPORT_CONVERSATION_COLUMNS = [
  "conversation_title",
  "conversation_model",
  "conversation_temperature",
  "conversation_system_prompt",
] as const;

/** A formula start a spreadsheet would act on. */
const FORMULA = /^'*[=+\-@\t\r]/;

/**
 * Make a cell inert in spreadsheets by putting `'` before a leading
 * `= + - @ TAB CR` (and before existing `'`s in front of one, so that
 * `unescapeCell` gives back exactly the original).
 */
export function escapeCell(value: string): string {
  return FORMULA.test(value) ? "'" + value : value;
}

/** Undo `escapeCell`. */
export function unescapeCell(value: string): string {
  return /^'+[=+\-@\t\r]/.test(value) ? value.slice(1) : value;
}

/** A file name from a title: lower-case ASCII words joined by dashes. */
export function fileSlug(title: string): string {
  const slug = title.normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "")
    .slice(0, 60).replace(/-+$/, "");
  return slug || "conversation";
}

/** Check a `format` query value. */
export function checkExportFormat(value: unknown): ExportFormat {
  const format = value ?? "json";
  if (!EXPORT_FORMATS.includes(format as ExportFormat)) {
    throw new ValidationError("format must be csv, md or json", {
      field: "format",
    });
  }
  return format as ExportFormat;
}

const ROLE_NAMES = { user: "User", assistant: "Assistant", system: "System" };

function markdown(
  conversation: Conversation,
  messages: Message[],
  tree: boolean,
): string {
  const out = [`# ${conversation.title}`, ""];
  const settings = [];
  if (conversation.model) settings.push(`Model: ${conversation.model}`);
  if (conversation.temperature !== null) {
    settings.push(`Temperature: ${conversation.temperature}`);
  }
  if (settings.length > 0) out.push(`*${settings.join(" · ")}*`, "");
  if (conversation.systemPrompt) {
    out.push(
      "> **System prompt**",
      ...conversation.systemPrompt.split("\n").map((l) => `> ${l}`),
      "",
    );
  }
  for (const m of messages) {
    const details = [m.createdAt.replace("T", " ").replace(/\.\d+Z$/, " UTC")];
    if (m.model) details.push(m.model);
    if (m.status !== "complete") details.push(m.status);
    if (tree) {
      // Every branch: name each message and the one it follows.
      details.push(`id ${m.id}`, `after ${m.parentId ?? "nothing (first)"}`);
    }
    out.push(`## ${ROLE_NAMES[m.role]}`, "", `*${details.join(" · ")}*`, "");
    out.push(m.content, "");
    if (m.attachments?.length) {
      out.push(
        ...m.attachments.map((a) =>
          `- [${a.name.replace(/[[\]\\]/g, "\\$&")}](${
            attachmentUrl(conversation.id, a.id)
          }) (${formatBytes(a.size)} ${a.kind})`
        ),
        "",
      );
    }
    if (m.error) out.push(`> Error: ${m.error}`, "");
  }
  return out.join("\n");
}

function csv(conversation: Conversation, messages: Message[]): string {
  const settings = [
    conversation.title,
    conversation.model ?? "",
    conversation.temperature === null ? "" : String(conversation.temperature),
    conversation.systemPrompt,
  ];
  const blank = settings.map(() => "");
  return encodeRows(
    messages.map((m, i) =>
      [...messageToRow(m), ...(i === 0 ? settings : blank)].map(escapeCell)
    ),
    { header: [...MESSAGE_COLUMNS, ...EXPORT_CONVERSATION_COLUMNS] },
  );
}

/**
 * One conversation as a downloadable file. `messages` is the whole tree;
 * CSV and Markdown hold the shown branch unless `options.branch` is `all`.
 * Files: JSON carries them (`attachments`, each with base64 `data`, so an
 * import brings them back), Markdown links them, CSV names them (the
 * `attachments` column).
 */
export function exportConversation(
  conversation: Conversation,
  messages: Message[],
  format: ExportFormat,
  options: {
    branch?: ExportBranch;
    /** Files the messages carry, put in the JSON export (base64 `data`). */
    files?: readonly StoredAttachment[];
  } = {},
): ExportFile {
  const base = fileSlug(conversation.title);
  const all = options.branch === "all";
  const picked = all ? messages : shownPath(messages, conversation.leafId);
  switch (format) {
    case "csv":
      return {
        body: "\uFEFF" + csv(conversation, picked),
        contentType: "text/csv; charset=utf-8",
        filename: `${base}.csv`,
      };
    case "md":
      return {
        body: markdown(conversation, picked, all),
        contentType: "text/markdown; charset=utf-8",
        filename: `${base}.md`,
      };
    case "json": {
      const { damaged: _, ...fields } = conversation;
      return {
        body: JSON.stringify(
          {
            format: JSON_FORMAT_NAME,
            version: 1,
            conversation: fields,
            messages,
            ...(options.files?.length
              ? {
                attachments: options.files.map((file) => ({
                  ...file.attachment,
                  data: file.bytes.toBase64(),
                })),
              }
              : {}),
          },
          null,
          2,
        ) + "\n",
        contentType: "application/json; charset=utf-8",
        filename: `${base}.json`,
      };
    }
  }
}
