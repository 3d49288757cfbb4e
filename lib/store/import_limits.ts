/**
 * Bounds on what one import may make the server do. An import file comes
 * from outside (a download, a hand edit, an attacker), so every reader
 * checks these instead of trusting the file's shape.
 *
 * @module
 */

/** The bounds every importer checks; see each field. */
export const IMPORT_LIMITS = {
  /** Largest file, in bytes (413 beyond): a long ChatGPT history is tens of MB. */
  bytes: 64 * 1024 * 1024,
  /** Conversations in one file (400 beyond). */
  conversations: 10_000,
  /** Deepest nesting of JSON arrays and objects (400 beyond). */
  depth: 64,
  /** JSON values (strings, numbers, objects…) in one conversation (400 beyond). */
  valuesPerConversation: 4_000_000,
  /** Messages of one ChatGPT conversation's tree (that conversation is skipped beyond). */
  treeNodes: 100_000,
  /** Rows of a CSV file (400 beyond). */
  csvRows: 1_000_000,
} as const;

/** Text handed to a parser at once; the event loop gets a turn in between. */
export const IMPORT_SLICE_CHARS = 64 * 1024;
