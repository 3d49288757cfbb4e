import type { Signal } from "@preact/signals";
import { Sidebar as SidebarList } from "../components/sidebar.tsx";
import type { Toast } from "../lib/client/toasts.ts";
import type { Conversation } from "../lib/store/types.ts";

/** Conversation list of the workspace (simple version). */
export function Sidebar(props: {
  conversations: Signal<Conversation[]>;
  activeId: Signal<string | null>;
  toasts: Signal<Toast[]>;
  nextCursor: string | null;
  query: string;
}) {
  return (
    <SidebarList
      items={props.conversations.value}
      activeId={props.activeId.value ?? undefined}
    />
  );
}
