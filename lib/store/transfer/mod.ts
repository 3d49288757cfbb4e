/**
 * Moving a whole history between stores (CSV folder ⇄ Deno KV), as used by
 * `deno task data export|import`.
 *
 * @module
 */
export { copyHistory } from "./copy_history.ts";
export type { CopyOptions, CopyProgress, CopySummary } from "./copy_history.ts";
