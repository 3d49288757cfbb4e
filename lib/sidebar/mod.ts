/**
 * Pure rules behind the workspace sidebar: date groups and list edits.
 * No Preact and no browser APIs, so they run and are tested anywhere.
 *
 * @module
 */
export {
  type ConversationGroup,
  daysAgo,
  GROUP_LABELS,
  groupConversations,
  type GroupLabel,
  groupLabelFor,
  type GroupOptions,
} from "./groups.ts";
export { appendPage, withConversation, withoutConversation } from "./list.ts";
export { countConversations, displayTitle, searchSummary } from "./text.ts";
export {
  importFailure,
  type ImportOutcome,
  importSummary,
} from "./import_text.ts";
