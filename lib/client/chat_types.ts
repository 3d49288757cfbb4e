/**
 * Types the chat island shares with the pages that render it.
 *
 * @module
 */
import type { Message } from "../api/mod.ts";

/** A message as the chat shows it: assistant text may come pre-rendered. */
export interface ChatMessage extends Message {
  /** Markdown rendered on the server (assistant messages). */
  html?: string;
  /**
   * Ids of this message and its other versions (edits, regenerated
   * replies), oldest first; absent when it has none.
   */
  siblingIds?: string[];
}

/** A model the picker offers. */
export interface ModelOption {
  id: string;
  name: string;
  providerLabel: string;
  /** Whether it is sent images (others get only their names); absent: unknown. */
  images?: boolean;
}

/** A row of the conversation's file that could not be read, shown in place. */
export interface UnreadableRow {
  /** File name relative to the data folder. */
  file: string;
  line: number | null;
  /** The message shown just before it; null: before the first. */
  afterMessageId: string | null;
}
