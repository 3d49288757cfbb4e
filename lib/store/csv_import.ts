/**
 * Reads a CSV file of messages (our CSV export, or one made by hand or in a
 * spreadsheet) into one conversation; rows that cannot be read are
 * reported by line.
 *
 * @module
 */
import { UnsupportedMediaTypeError, ValidationError } from "../errors.ts";
import { MESSAGE_COLUMNS, ROOT_PARENT } from "./columns.ts";
import { readTable } from "./csv_read.ts";
import { scanRows } from "./csv_scan.ts";
import { EXPORT_CONVERSATION_COLUMNS, unescapeCell } from "./export.ts";
import { finish, treeKeys, tryMessage } from "./import_checks.ts";
import type { ImportPlan, ImportSkip } from "./import.ts";
import { IMPORT_LIMITS } from "./import_limits.ts";
import type { NewMessage } from "./types.ts";
import { MESSAGE_STATUSES, ROLES } from "./types.ts";

/** Text read into one table at a time, cut at a row end. */
const CHUNK_CHARS = 256 * 1024;

const NOT_CSV = "The file is not a CSV of messages with role and content " +
  "columns, a LiveAiChat JSON export, or ChatGPT's conversations.json";

/**
 * Read a CSV import from its text slices, about 256 KB of rows at a time, so
 * a large file leaves turns to other requests; 415 when it is not a CSV of
 * messages.
 */
export async function planCsv(
  slices: AsyncIterable<string>,
  filename?: string,
): Promise<ImportPlan> {
  const skipped: ImportSkip[] = [];
  const messages: NewMessage[] = [];
  const settings = new Map<string, string>();
  let header: string | null = null;
  let lines = 0; // lines of the file before the current chunk
  let rows = 0;
  let buffer = "";
  const read = (text: string) => {
    if (header === null) {
      const end = scanRows(text).rows.find((r) => !r.blank);
      if (!end) return text;
      const cut = text.indexOf("\n", end.end) + 1;
      header = text.slice(0, cut);
      lines = countLines(header);
      text = text.slice(cut);
    }
    const scan = scanRows(text);
    const cut = scan.tail ? scan.tail.start : text.length;
    if (cut === 0) return text;
    rows += readChunk(header + text.slice(0, cut), {
      lines: lines - countLines(header),
      messages,
      skipped,
      settings,
    });
    if (rows > IMPORT_LIMITS.csvRows) {
      throw new ValidationError(
        `The file has more than ${IMPORT_LIMITS.csvRows} rows`,
        { field: "file" },
      );
    }
    lines += countLines(text.slice(0, cut));
    return text.slice(cut);
  };
  // Read when the buffer has grown by a chunk, or doubled: a row that
  // never ends (an unclosed quote) is not scanned again for every slice.
  let readAt = CHUNK_CHARS;
  for await (const slice of slices) {
    buffer += slice;
    if (buffer.length < readAt) continue;
    buffer = read(buffer);
    readAt = buffer.length + Math.max(CHUNK_CHARS, buffer.length);
  }
  if (header === null) {
    readChunk(buffer, { lines: 0, messages, skipped, settings });
  } else if (buffer !== "" || rows === 0) {
    readChunk(header + buffer, {
      lines: lines - countLines(header),
      messages,
      skipped,
      settings,
    });
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

function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf("\n"); at >= 0; at = text.indexOf("\n", at + 1)) {
    n++;
  }
  return n;
}

/** Options of `readChunk`: where its rows go, and lines before it. */
interface ChunkOptions {
  /** Lines of the file before the chunk's first row (after the header). */
  lines: number;
  messages: NewMessage[];
  skipped: ImportSkip[];
  /** The conversation's title and settings (export columns), first found. */
  settings: Map<string, string>;
}

/** Read the header plus some whole rows; returns the rows read. */
function readChunk(text: string, options: ChunkOptions): number {
  const { messages, skipped, settings } = options;
  const table = readTable(new TextEncoder().encode(text), {
    columns: [...MESSAGE_COLUMNS, ...EXPORT_CONVERSATION_COLUMNS],
    required: ["role", "content"],
    atStartup: false,
  });
  if (!table.columns) throw new UnsupportedMediaTypeError(NOT_CSV);
  const lineOf = (at: number) => table.lineOf(at) + options.lines;
  for (const p of table.problems) {
    skipped.push({ item: `line ${p.line + options.lines}`, reason: p.message });
  }
  const at = (column: string) => table.columns!.positions.get(column) ?? -1;
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
      `line ${lineOf(row.at)}`,
      skipped,
    );
    const parent = cell("parent_id").trim().toLowerCase();
    if (message) {
      messages.push(treeKeys(
        message,
        cell("id").trim().toLowerCase(),
        parent === ROOT_PARENT ? null : parent || undefined,
      ));
    }
  }
  return table.rows.length;
}
