/**
 * Importing a file into the sidebar (a drop, or Import): sent to the
 * server, the new conversations shown, and a toast saying what came of
 * it. Loaded by `SidebarModel.importFile` with the first import, not with
 * the page.
 *
 * @module
 */
import { batch } from "@preact/signals";
import type { Conversation } from "../api/mod.ts";
import { importFailure, importSummary } from "../sidebar/import_text.ts";
import type { WorkspaceApi } from "./api.ts";
import type { SidebarModel } from "./sidebar_model.ts";
import { showToast } from "./toasts.ts";

/** Beyond this many new conversations the list is reloaded instead. */
const MAX_FETCHED = 20;

/** What an import needs of the sidebar's model. */
export interface ImportHost {
  api: WorkspaceApi;
  model: SidebarModel;
  /** Show a conversation in the list and tell the other tabs. */
  changed(conversation: Conversation): void;
}

/**
 * Import `file` (named `name`, else its own name); resolves to how many
 * conversations were created.
 */
export async function importFile(
  host: ImportHost,
  file: Blob,
  name?: string,
): Promise<number> {
  const { model } = host;
  const fileName = name ?? (file as File).name;
  model.importing.value = true;
  try {
    const report = await host.api.import(file, fileName);
    await show(host, report.imported.map((c) => c.id));
    showToast(model.toasts, {
      kind: report.imported.length ? "success" : "error",
      text: importSummary(report, fileName),
      timeoutMs: report.skipped.length ? 10_000 : 5000,
    });
    return report.imported.length;
  } catch (error) {
    showToast(model.toasts, {
      kind: "error",
      text: importFailure((error as Error).message, fileName),
      timeoutMs: 8000,
    });
    return 0;
  } finally {
    model.importing.value = false;
  }
}

/** Fetch conversations created elsewhere and show them. */
async function show(host: ImportHost, ids: string[]): Promise<void> {
  const { model } = host;
  if (ids.length === 0) return;
  if (ids.length > MAX_FETCHED || model.query.value.trim() !== "") {
    return await model.search(model.query.value);
  }
  const found = await Promise.allSettled(ids.map((id) => host.api.get(id)));
  batch(() => {
    for (const result of found) {
      if (result.status === "fulfilled") host.changed(result.value);
    }
  });
}
