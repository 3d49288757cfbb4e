/**
 * Imports: our own CSV and JSON exports and ChatGPT's `conversations.json`.
 * `planImport` reads a file into conversations without touching the store
 * (so a bad file changes nothing); `runImport` writes them and reports what
 * was imported and what was skipped, and why.
 *
 * @module
 */
import type { CheckedFile } from "../attachments/check_file.ts";
import { UnsupportedMediaTypeError, ValidationError } from "../errors.ts";
import { planCsv } from "./csv_import.ts";
import { IMPORT_LIMITS } from "./import_limits.ts";
import {
  type ImportSliceOptions,
  importSlices,
  type ImportSource,
} from "./import_source.ts";
import { fromJsonItem, jsonItemFormat } from "./json_import.ts";
import { readJsonItems } from "./json_stream.ts";
import type {
  ChatStore,
  ImportedConversationInput,
  NewMessage,
} from "./types.ts";

/** One conversation read from a file, not yet stored. */
export interface ImportedConversation {
  /** Where it came from in the file, for reports. */
  source: string;
  conversation: ImportedConversationInput;
  /** In tree order (a parent before its children); `id`s are the file's. */
  messages: NewMessage[];
  /** Files the messages carry, checked like uploads (our JSON export). */
  files?: CheckedFile[];
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

/** Options of {@linkcode planImport}. */
export interface PlanImportOptions extends ImportSliceOptions {
  /** The file's name, which titles a CSV import. */
  filename?: string;
}

/**
 * Read an import file, whole text or byte stream, into a plan; throws (400,
 * 413 or 415, with a message for a person) when it cannot be imported. The
 * text is read in slices with turns of the event loop between them, and
 * every bound of {@linkcode IMPORT_LIMITS} is checked on the way.
 */
export async function planImport(
  source: ImportSource,
  options: PlanImportOptions = {},
): Promise<ImportPlan> {
  const slices = importSlices(source, options)[Symbol.asyncIterator]();
  // Look at the first text that is not blank to tell JSON from CSV.
  const head: string[] = [];
  let first = "";
  while (first === "") {
    const next = await slices.next();
    if (next.done) break;
    head.push(next.value);
    first = next.value.trimStart()[0] ?? "";
  }
  if (first === "") {
    throw new ValidationError("The file is empty", { field: "file" });
  }
  async function* all(): AsyncGenerator<string> {
    yield* head;
    for (let r = await slices.next(); !r.done; r = await slices.next()) {
      yield r.value;
    }
  }
  if (first === "{" || first === "[") return await planJson(all());
  return await planCsv(all(), options.filename);
}

async function planJson(slices: AsyncIterable<string>): Promise<ImportPlan> {
  const plan: ImportPlan = { format: "json", conversations: [], skipped: [] };
  let known = 0;
  const read = await readJsonItems(slices, {
    onItem(item, index) {
      if (index >= IMPORT_LIMITS.conversations) {
        throw new ValidationError(
          `An import may hold at most ${IMPORT_LIMITS.conversations} conversations`,
          { field: "file" },
        );
      }
      const format = jsonItemFormat(item);
      if (format === "chatgpt") plan.format = "chatgpt";
      if (format !== null) known++;
      const conversation = fromJsonItem(item, index, plan.skipped);
      if (conversation) plan.conversations.push(conversation);
    },
  });
  if (known === 0) {
    throw new UnsupportedMediaTypeError(
      read.count === 0 && read.array
        ? "The JSON file holds no conversations"
        : "The JSON file is neither a LiveAiChat export nor ChatGPT's conversations.json",
    );
  }
  return plan;
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
      for (const file of item.files ?? []) {
        await store.putAttachment(c.id, file.attachment, file.bytes);
      }
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
