/**
 * The pieces the sidebar is drawn with: sections, conversation rows with
 * their actions menu, the inline rename field. Presentational only: the
 * sidebar island owns the state and passes what to do as callbacks.
 *
 * @module
 */
import { type ComponentChildren, Fragment, type JSX } from "preact";
import { useEffect, useRef } from "preact/hooks";
import type { ExportFormat } from "../lib/client/api.ts";
import type { Conversation } from "../lib/store/types.ts";

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
  /** Move focus into the menu when it opens (opened by keyboard). */
  focusMenu: boolean;
  renaming: boolean;
  actions: RowActions;
}

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: "md", label: "Export as Markdown" },
  { format: "csv", label: "Export as CSV" },
  { format: "json", label: "Export as JSON" },
];

/**
 * One conversation: a link to it and a "Conversation actions" button
 * whose menu renames, pins, exports or deletes it.
 */
export function ConversationRow(props: ConversationRowProps) {
  const { conversation: c, actions } = props;
  const title = c.title.trim() || "New chat";
  const menuId = `menu-${c.id}`;
  return (
    <li class="group relative" data-conversation-id={c.id}>
      {props.renaming
        ? (
          <RenameField
            title={c.title}
            onDone={(value, byKey) => actions.finishRename(c.id, value, byKey)}
          />
        )
        : (
          <div
            class={`flex items-center rounded-field ${
              props.active
                ? "bg-base-300 font-medium"
                : "hover:bg-base-300 focus-within:bg-base-300"
            }`}
          >
            <a
              href={`/c/${c.id}`}
              class="min-w-0 flex-1 truncate rounded-field px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-offset-[-2px] focus-visible:outline-primary"
              aria-current={props.active ? "page" : undefined}
              title={title}
            >
              {title}
            </a>
            <button
              type="button"
              class={`btn btn-ghost btn-square btn-xs mr-1 ${
                props.menuOpen || props.active
                  ? ""
                  : "lg:opacity-0 lg:group-hover:opacity-100 lg:group-focus-within:opacity-100"
              }`}
              aria-label="Conversation actions"
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
      {props.menuOpen && (
        <RowMenu
          id={menuId}
          conversation={c}
          focusFirst={props.focusMenu}
          actions={actions}
        />
      )}
    </li>
  );
}

function RowMenu(
  props: {
    id: string;
    conversation: Conversation;
    focusFirst: boolean;
    actions: RowActions;
  },
) {
  const { conversation: c, actions } = props;
  const ref = useRef<HTMLUListElement>(null);
  useEffect(() => {
    if (props.focusFirst) {
      ref.current?.querySelector<HTMLElement>("[role=menuitem]")?.focus();
    }
  }, []);
  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLUListElement>) => {
    const items = [
      ...e.currentTarget.querySelectorAll<HTMLElement>("[role=menuitem]"),
    ];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const move = (to: number) => {
      e.preventDefault();
      items[(to + items.length) % items.length]?.focus();
    };
    if (e.key === "ArrowDown") move(at + 1);
    else if (e.key === "ArrowUp") move(at - 1);
    else if (e.key === "Home") move(0);
    else if (e.key === "End") move(items.length - 1);
    else if (e.key === "Escape" || e.key === "Tab") {
      if (e.key === "Escape") e.preventDefault();
      e.stopPropagation();
      actions.closeMenu();
      if (e.key === "Escape") {
        document.querySelector<HTMLElement>(`[data-menu-button="${c.id}"]`)
          ?.focus();
      }
    }
  };
  const item =
    "flex items-center gap-2 rounded-field px-3 py-2 text-left text-sm hover:bg-base-200 focus-visible:bg-base-200 focus-visible:outline-none";
  return (
    <ul
      ref={ref}
      id={props.id}
      role="menu"
      aria-label={`Actions for ${c.title.trim() || "New chat"}`}
      class="absolute right-1 top-full z-30 mt-1 flex w-52 flex-col rounded-box border border-base-300 bg-base-100 p-1 shadow-lg"
      onKeyDown={onKeyDown}
    >
      <li role="none">
        <button
          type="button"
          role="menuitem"
          class={`${item} w-full`}
          onClick={() => actions.startRename(c.id)}
        >
          <Icon d={ICONS.edit} /> Rename
        </button>
      </li>
      <li role="none">
        <button
          type="button"
          role="menuitem"
          class={`${item} w-full`}
          onClick={() => actions.setPinned(c.id, !c.pinned)}
        >
          <Icon d={ICONS.pin} /> {c.pinned ? "Unpin" : "Pin"}
        </button>
      </li>
      {EXPORTS.map(({ format, label }) => (
        <li role="none" key={format}>
          <a
            role="menuitem"
            class={item}
            href={actions.exportUrl(c.id, format)}
            download
            onClick={() => actions.closeMenu()}
          >
            <Icon d={ICONS.download} /> {label}
          </a>
        </li>
      ))}
      <li role="none">
        <button
          type="button"
          role="menuitem"
          class={`${item} w-full`}
          onClick={() => actions.askDelete(c.id)}
        >
          <Icon d={ICONS.trash} /> Delete
        </button>
      </li>
    </ul>
  );
}

/**
 * The title as an input: Enter saves, Esc cancels, leaving the field
 * saves (as people expect from inline editors).
 */
export function RenameField(
  props: {
    title: string;
    onDone: (title: string | null, byKey: boolean) => void;
  },
) {
  const ref = useRef<HTMLInputElement>(null);
  const done = useRef(false);
  const finish = (value: string | null, byKey: boolean) => {
    if (done.current) return;
    done.current = true;
    props.onDone(value, byKey);
  };
  useEffect(() => {
    ref.current?.focus();
    ref.current?.select();
  }, []);
  return (
    <input
      ref={ref}
      type="text"
      class="input input-sm w-full"
      aria-label="Conversation title"
      maxLength={200}
      defaultValue={props.title}
      onKeyDown={(e) => {
        if (e.key === "Enter") {
          e.preventDefault();
          finish(e.currentTarget.value, true);
        } else if (e.key === "Escape") {
          e.preventDefault();
          e.stopPropagation();
          finish(null, true);
        }
      }}
      onBlur={(e) => finish(e.currentTarget.value, false)}
    />
  );
}

/** Short text in a `<kbd>`, as daisyUI draws keys. */
export function Keys(props: { keys: string[] }) {
  return (
    <span class="flex items-center gap-1">
      {props.keys.map((key, i) => (
        <Fragment key={i}>
          {i > 0 && <span aria-hidden="true">+</span>}
          <kbd class="kbd kbd-sm">{key}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

/** Props of {@linkcode Modal}. */
export interface ModalProps {
  /** Unique id; the title gets `${id}-title`. */
  id: string;
  open: boolean;
  /** Called when the dialog closes (Esc, a close button, the backdrop). */
  onClose: () => void;
  title: string;
  children: ComponentChildren;
  /** Buttons at the bottom; a "Close" button when absent. */
  actions?: ComponentChildren;
}

/**
 * A daisyUI modal on the native `<dialog>`: the browser traps focus,
 * closes it on Esc and gives focus back to what opened it.
 */
export function Modal(props: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = `${props.id}-title`;
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (props.open && !dialog.open) dialog.showModal();
    if (!props.open && dialog.open) dialog.close();
  }, [props.open]);
  return (
    <dialog
      ref={ref}
      id={props.id}
      class="modal"
      aria-labelledby={titleId}
      onClose={() => props.onClose()}
    >
      <div class="modal-box">
        <h2 id={titleId} class="mb-3 text-lg font-bold">
          {props.title}
        </h2>
        {props.children}
        <div class="modal-action">
          {props.actions ?? (
            <form method="dialog">
              <button type="submit" class="btn">Close</button>
            </form>
          )}
        </div>
      </div>
      <form method="dialog" class="modal-backdrop">
        <button type="submit" tabIndex={-1}>Close</button>
      </form>
    </dialog>
  );
}
