/**
 * The domain entry for what is not a running reply: here, the trash of
 * deleted conversations and its retention.
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
