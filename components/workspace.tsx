import { signal } from "@preact/signals";
import Chat from "../islands/chat.tsx";
import { Sidebar } from "../islands/sidebar.tsx";
import { Toaster } from "../islands/toaster.tsx";
import { Trash } from "../islands/trash.tsx";
import { packMessages } from "../lib/client/message_props.ts";
import type { Toast } from "../lib/client/toasts.ts";
import type { ThemeChoice } from "../lib/theme.ts";
import type { WorkspaceData } from "../lib/client/workspace_data.ts";
import type { Conversation } from "../lib/api/mod.ts";
import { AppShell } from "./app_shell.tsx";
import { MessageAttachments } from "./chat/attachments.tsx";
import { provideAttachments } from "./chat/attachments_slot.tsx";
import { DamageBanner } from "./damage_banner.tsx";

// Pages render messages' files at once; the browser loads the code when
// it needs it (see attachments_slot.tsx).
provideAttachments(MessageAttachments);

/** Props of the workspace: what the page loaded, plus the theme. */
export interface WorkspaceProps {
  data: WorkspaceData;
  theme: ThemeChoice;
  examples: string[];
}

/**
 * The whole workspace. The signals created here are passed to several
 * islands; the browser revives each once, so the islands share them.
 */
export function Workspace({ data, theme, examples }: WorkspaceProps) {
  const conversations = signal<Conversation[]>(data.conversations);
  const activeId = signal<string | null>(data.conversation?.id ?? null);
  const toasts = signal<Toast[]>([]);
  return (
    <AppShell
      theme={theme}
      canLogOut={data.canLogOut}
      sidebar={
        <Sidebar
          conversations={conversations}
          activeId={activeId}
          toasts={toasts}
          nextCursor={data.nextCursor}
          query={data.query}
        />
      }
    >
      <DamageBanner notices={data.notices} />
      {data.trash
        ? (
          <Trash
            conversations={data.trash.conversations}
            trashDays={data.trash.trashDays}
            sidebar={conversations}
            activeId={activeId}
            toasts={toasts}
          />
        )
        : (
          <Chat
            key={data.conversation?.id ?? "new"}
            conversation={data.conversation}
            messages={packMessages(data.messages)}
            unreadable={data.unreadable}
            earlierCount={data.earlierCount}
            models={data.models}
            defaultModel={data.defaultModel}
            presets={data.presets}
            examples={examples}
            conversations={conversations}
            activeId={activeId}
            toasts={toasts}
          />
        )}
      <Toaster toasts={toasts} />
    </AppShell>
  );
}
