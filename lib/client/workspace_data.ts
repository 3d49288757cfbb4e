/**
 * The data the workspace pages (`/`, `/c/:id`, `/trash`) render: what the
 * server loads (`lib/workspace_page.ts`) and the server-rendered
 * components show, so those components need no server module.
 *
 * @module
 */
import type {
  Conversation,
  DamageNotice,
  Preset,
  TrashListing,
} from "../api/mod.ts";
import type { ChatMessage, ModelOption, UnreadableRow } from "./chat_types.ts";

/** Example prompts of the empty state. */
export const EXAMPLE_PROMPTS = [
  "Explain how HTTP streaming works, with a small example",
  "Write a haiku about version control",
  "Compare CSV and JSON for storing chat history",
];

/** Data for the workspace page. */
export interface WorkspaceData {
  conversations: Conversation[];
  nextCursor: string | null;
  query: string;
  models: ModelOption[];
  defaultModel: string;
  conversation: Conversation | null;
  messages: ChatMessage[];
  /** Messages before `messages` that the page does not include. */
  earlierCount: number;
  /** A password protects the workspace, so the page offers "Log out". */
  canLogOut: boolean;
  /** Named settings a new chat can start from. */
  presets: Preset[];
  /** On `/trash`: what the trash holds (the page shows it, not a chat). */
  trash: TrashListing | null;
  /** Damaged files the page warns about (the index, this conversation). */
  notices: DamageNotice[];
  /** Unreadable rows of this conversation's file, shown in place. */
  unreadable: UnreadableRow[];
}
