/**
 * File path helpers shared by the layer.
 *
 * @module
 */
import { pathToFileURL } from "node:url";

/** A `file:` URL string for a local path, for dynamic `import()`. */
export function toFileUrl(path: string): string {
  return pathToFileURL(path).href;
}
