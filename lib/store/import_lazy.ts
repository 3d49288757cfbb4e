/**
 * `planImport` and `runImport` as the store's face offers them, with the
 * importers (CSV, JSON and ChatGPT readers, a streaming JSON parser, the
 * attachment checks with their image-size reader) loaded on the first
 * import instead of with the server: a start-up that serves pages never
 * needs them.
 *
 * @module
 */
import type { ImportPlan, ImportReport, PlanImportOptions } from "./import.ts";
import type { ImportSource } from "./import_source.ts";
import type { ChatStore } from "./types.ts";
import { loadOnce } from "../load_once.ts";

const load = loadOnce(() => import("./import.ts"));

/** {@link import("./import.ts").planImport}, loading the importers once. */
export async function planImport(
  source: ImportSource,
  options: PlanImportOptions = {},
): Promise<ImportPlan> {
  return (await load()).planImport(source, options);
}

/** {@link import("./import.ts").runImport}, loading the importers once. */
export async function runImport(
  store: ChatStore,
  plan: ImportPlan,
): Promise<ImportReport> {
  return (await load()).runImport(store, plan);
}
