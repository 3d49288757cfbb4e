/**
 * The domain entry for what is not a running reply: `ConversationService`
 * (what the routes call), the trash of deleted conversations and its
 * retention, search results that say why they matched, and presets for
 * new chats.
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
export {
  CONVERSATION_BODY_BYTES,
  ConversationService,
  type ConversationServiceOptions,
  type ListQuery,
} from "./service.ts";
export {
  changePreset,
  createPreset,
  deletePreset,
  PRESET_BODY_BYTES,
} from "./presets.ts";
export { nameUntitled } from "./untitled.ts";
