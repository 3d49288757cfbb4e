/**
 * `checkFile` for several files, with the type sniffers (image-size among
 * them) loaded on the first upload instead of with the server: the
 * folder's face offers this, so importing it never pulls them in.
 *
 * @module
 */
import type { CheckedFile, UploadedFile } from "./check_file.ts";
import { loadOnce } from "../load_once.ts";

const load = loadOnce(() => import("./check_file.ts"));

/**
 * Every file made into a record with an id from `newId`, in order; throws
 * (415, 413) at the first refused one, before any is stored.
 */
export async function checkFiles(
  files: readonly UploadedFile[],
  newId: () => string,
): Promise<CheckedFile[]> {
  const { checkFile } = await load();
  return files.map((file) => checkFile(file, { id: newId() }));
}
