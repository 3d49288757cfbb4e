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
import { Icon } from "./icons.tsx";

/** A titled group of conversations (Pinned, Today, …). */
export function ConversationSection(
  props: { label: string; children: ComponentChildren },
) {
  const id = `sidebar-${props.label.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section aria-labelledby={id} class="flex flex-col gap-0.5">
      <h2
        id={id}
        class="group-label"
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
    <li class="relative" data-conversation-id={c.id}>
      {props.editor ? props.editor : (
        // Classes of its own (static/styles.css): a row repeats 50 times.
        <div class={props.active ? "row row-on" : "row"}>
          <a
            href={match ? `/c/${c.id}#m-${match.messageId}` : `/c/${c.id}`}
            class="row-link"
            aria-current={props.active ? "page" : undefined}
            title={title}
          >
            {title}
            {match && (
              // Why it matched: the words around the match in a message.
              <span class="row-snip" data-snippet>
                {match.before}
                <mark>{match.match}</mark>
                {match.after}
              </span>
            )}
          </a>
          <button
            type="button"
            class="btn btn-ghost btn-square btn-xs row-btn"
            aria-label={`Conversation actions for “${title}”`}
            aria-haspopup="menu"
            aria-expanded={props.menuOpen}
            aria-controls={props.menuOpen ? menuId : undefined}
            data-menu-button={c.id}
            onClick={(e) => actions.toggleMenu(c.id, e.detail === 0)}
          >
            <Icon name="dots" />
          </button>
        </div>
      )}
      {props.menuOpen && props.menu}
    </li>
  );
}
