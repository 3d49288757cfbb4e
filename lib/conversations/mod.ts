/**
 * The domain entry for what is not a running reply: the trash of deleted
 * conversations and its retention, and search results that say why they
 * matched.
 *
 * @module
 */
export {
  listTrash,
  startTrashSweeper,
  sweepTrash,
  type TrashListing,
  type TrashOptions,
} from "./trash.ts";
export { explainMatches, findMatch, snippetAround } from "./search.ts";
