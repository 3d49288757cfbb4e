/**
 * Chat history: the `ChatStore` contract and its CSV backend, which keeps
 * everything in plain files under `DATA_DIR` that a person can read.
 *
 * ```ts
 * const store = await openCsvStore({ dataDir: "./data" });
 * const chat = await store.createConversation({ title: "Hello" });
 * await store.appendMessage(chat.id, { role: "user", content: "Hi" });
 * await store.close();
 * ```
 *
 * @module
 */
export type {
  ChatStore,
  Conversation,
  ConversationPage,
  ConversationPatch,
  ConversationWithMessages,
  DamageNotice,
  DeletedConversation,
  ListedPage,
  ListOptions,
  Message,
  MessagePatch,
  MessageStatus,
  NewConversation,
  NewMessage,
  Role,
  StoredAttachment,
  StoreProblem,
} from "./types.ts";
export { MESSAGE_STATUSES, ROLES } from "./types.ts";
export type { SessionRecord, SessionStore } from "./sessions.ts";
export { CsvStore, openCsvStore } from "./csv_store.ts";
export type { CsvStoreOptions } from "./csv_store.ts";
export { isId, newId } from "./uuid.ts";
export { findMatch, snippetAround } from "./snippets.ts";
export { kvLocation, kvOf, LOCAL_KV_FILE, openStore } from "./open.ts";
export type { StoreChoice } from "./open.ts";
export { DataDirLockedError } from "./lock.ts";
export {
  checkExportBranch,
  checkExportFormat,
  escapeCell,
  EXPORT_FORMATS,
  exportConversation,
  unescapeCell,
} from "./export.ts";
export type { ExportBranch, ExportFile, ExportFormat } from "./export.ts";
export { planImport, runImport } from "./import_lazy.ts";
export { damageNotices } from "./damage_notice.ts";
export { messageFiles } from "./message_files.ts";

export type { PlanImportOptions } from "./import.ts";
export { IMPORT_LIMITS } from "./import_limits.ts";
export { tooLargeMessage } from "./import_source.ts";
export type { ImportSource } from "./import_source.ts";
export type {
  ImportedConversation,
  ImportPlan,
  ImportReport,
  ImportSkip,
} from "./import.ts";
export {
  AppError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../errors.ts";
export { checkPresetFields, MAX_PRESET_NAME } from "./presets.ts";
export type { Preset, PresetStore } from "./presets.ts";
