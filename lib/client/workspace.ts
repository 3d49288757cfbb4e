/**
 * What the islands of the workspace page share. The page creates these
 * signals on the server and passes the same ones to the sidebar, the chat
 * and the toaster islands; the client runtime revives each signal once, so
 * a change in one island shows in the others. Other tabs hear about
 * changes through a BroadcastChannel.
 *
 * @module
 */
import type { Signal } from "@preact/signals";
import type { Conversation } from "../api/mod.ts";
import type { Toast } from "./toasts.ts";

/** The shared state of the workspace page. */
export interface WorkspaceSignals {
  /** Conversations shown in the sidebar (first page, then more). */
  conversations: Signal<Conversation[]>;
  /** The open conversation, or null on the new-chat screen. */
  activeId: Signal<string | null>;
  toasts: Signal<Toast[]>;
}

/** Name of the BroadcastChannel between tabs of the same browser. */
export const WORKSPACE_CHANNEL = "liveaichat";

/** Messages sent between tabs. */
export type WorkspaceMessage =
  | { type: "conversation"; conversation: Conversation }
  | { type: "deleted"; id: string }
  /** A reply was started in this conversation: tabs showing it follow. */
  | { type: "reply"; conversationId: string };

/** Put a conversation first-in-its-group or update it in place. */
export function upsertConversation(
  list: Signal<Conversation[]>,
  conversation: Conversation,
): void {
  const rest = list.value.filter((c) => c.id !== conversation.id);
  list.value = [conversation, ...rest];
}

/** Tell other tabs about a change. */
export function broadcast(message: WorkspaceMessage): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(WORKSPACE_CHANNEL);
  channel.postMessage(message);
  channel.close();
}
