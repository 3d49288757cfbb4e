/**
 * The pieces the sidebar is first drawn with: icons, sections and
 * conversation rows. Presentational only: the sidebar island owns the
 * state and passes what to do as callbacks. What only appears after a
 * click (menus, rename field, dialogs) is in `sidebar_extras.tsx`, loaded
 * on first use so the page ships less JavaScript.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import type { SearchResult } from "../lib/api/mod.ts";
import type { ExportFormat } from "../lib/client/api.ts";
import type { Conversation } from "../lib/api/mod.ts";

/** A small inline icon; `d` is one SVG path drawn with the text colour. */
export function Icon(props: { d: string; class?: string }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      class={props.class ?? "h-4 w-4 shrink-0"}
      fill="none"
      stroke="currentColor"
      stroke-width="2"
      stroke-linecap="round"
      stroke-linejoin="round"
    >
      <path d={props.d} />
    </svg>
  );
}

/** Path data of the icons the sidebar uses. */
export const ICONS = {
  plus: "M12 5v14M5 12h14",
  search: "M11 19a8 8 0 1 1 0-16 8 8 0 0 1 0 16zM21 21l-4.3-4.3",
  dots: "M5 12h.01M12 12h.01M19 12h.01",
  pin: "M12 17v5M9 3h6l-1 7 4 3v2H6v-2l4-3-1-7z",
  edit: "M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4",
  download: "M12 3v12M7 10l5 5 5-5M5 21h14",
  trash: "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
  upload: "M12 21V9M7 14l5-5 5 5M5 3h14",
  keyboard: "M3 6h18v12H3zM7 10h.01M11 10h.01M15 10h.01M7 14h10",
} as const;

/** A titled group of conversations (Pinned, Today, …). */
export function ConversationSection(
  props: { label: string; children: ComponentChildren },
) {
  const id = `sidebar-${props.label.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} class="flex flex-col gap-0.5">
      <h2
        id={id}
        class="px-3 pt-3 pb-1 text-xs font-semibold uppercase tracking-wide text-base-content/70"
      >
        {props.label}
      </h2>
      <ul class="flex flex-col gap-0.5">{props.children}</ul>
    </section>
  );
}

/** What a conversation row can ask the sidebar to do. */
export interface RowActions {
  /** Open or close this row's menu; `focusFirst` when opened by keyboard. */
  toggleMenu(id: string, focusFirst: boolean): void;
  closeMenu(): void;
  startRename(id: string): void;
  /** `title` null cancels; `byKey` when Enter/Esc ended it (refocus). */
  finishRename(id: string, title: string | null, byKey: boolean): void;
  setPinned(id: string, pinned: boolean): void;
  askDelete(id: string): void;
  exportUrl(id: string, format: ExportFormat): string;
}

/** Props of {@linkcode ConversationRow}. */
export interface ConversationRowProps {
  conversation: Conversation;
  active: boolean;
  menuOpen: boolean;
  actions: RowActions;
  /** Shown in place of the link while renaming (the rename field). */
  editor?: ComponentChildren;
  /** Shown under the row while its menu is open. */
  menu?: ComponentChildren;
}

/**
 * One conversation: a link to it and a "Conversation actions" button
 * whose menu renames, pins, exports or deletes it.
 */
export function ConversationRow(props: ConversationRowProps) {
  const { conversation: c, actions } = props;
  const title = c.title.trim() || "New chat";
  const match = (c as SearchResult).match;
  const menuId = `menu-${c.id}`;
  return (
    <li class="group relative" data-conversation-id={c.id}>
      {props.editor ? props.editor : (
        <div
          class={`flex items-center rounded-field ${
            props.active
              ? "bg-base-300 font-medium"
              : "hover:bg-base-300 focus-within:bg-base-300"
          }`}
        >
          <a
            href={match ? `/c/${c.id}#m-${match.messageId}` : `/c/${c.id}`}
            class="min-w-0 flex-1 truncate rounded-field px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-primary"
            aria-current={props.active ? "page" : undefined}
            title={title}
          >
            {title}
            {match && (
              // Why it matched: the words around the match in a message.
              <span
                class="block truncate text-xs text-base-content/80"
                data-snippet
              >
                {match.before}
                <mark class="rounded-sm bg-warning text-warning-content">
                  {match.match}
                </mark>
                {match.after}
              </span>
            )}
          </a>
          <button
            type="button"
            class={`btn btn-ghost btn-square btn-xs mr-1 ${
              props.menuOpen || props.active
                ? ""
                : "lg:opacity-0 lg:group-hover:opacity-100 lg:group-focus-within:opacity-100"
            }`}
            aria-label={`Conversation actions for “${title}”`}
            aria-haspopup="menu"
            aria-expanded={props.menuOpen}
            aria-controls={props.menuOpen ? menuId : undefined}
            data-menu-button={c.id}
            onClick={(e) => actions.toggleMenu(c.id, e.detail === 0)}
          >
            <Icon d={ICONS.dots} />
          </button>
        </div>
      )}
      {props.menuOpen && props.menu}
    </li>
  );
}
