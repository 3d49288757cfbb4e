/**
 * The sidebar's pieces that only appear after a click: a conversation's
 * actions menu, the inline rename field and the dialogs (confirm delete,
 * keyboard shortcuts). The island loads this module on first use.
 *
 * @module
 */
import { type ComponentChildren, Fragment, type JSX } from "preact";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import type { ExportFormat } from "../lib/client/api.ts";
import { shortcutHelp } from "../lib/client/shortcut_help.ts";
import type { Conversation } from "../lib/api/mod.ts";
import { Icon, type IconName } from "./icons.tsx";
import type { RowActions } from "./sidebar.tsx";

const EXPORTS: { format: ExportFormat; label: string }[] = [
  { format: "md", label: "Export as Markdown" },
  { format: "csv", label: "Export as CSV" },
  { format: "json", label: "Export as JSON" },
];

const MENU_ITEM =
  "flex items-center gap-2 rounded-field px-3 py-2 text-left text-sm hover:bg-base-200 focus-visible:bg-base-200 focus-visible:outline-none";

/** One button of a row's menu. */
function MenuButton(
  props: { icon: IconName; label: string; onClick: () => void },
) {
  return (
    <li role="none">
      <button
        type="button"
        role="menuitem"
        class={`${MENU_ITEM} w-full`}
        onClick={props.onClick}
      >
        <Icon name={props.icon} /> {props.label}
      </button>
    </li>
  );
}

/** A conversation's actions: rename, pin, export, delete. */
export function RowMenu(
  props: {
    id: string;
    conversation: Conversation;
    focusFirst: boolean;
    actions: RowActions;
  },
) {
  const { conversation: c, actions } = props;
  const ref = useRef<HTMLUListElement>(null);
  // Focus as soon as the menu exists, so that a key pressed right after
  // opening it (Tab, an arrow) already lands in the menu.
  useLayoutEffect(() => {
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
      // Back to the menu's button; Tab then moves on from there.
      if (e.key === "Escape") e.preventDefault();
      e.stopPropagation();
      actions.closeMenu();
      document.querySelector<HTMLElement>(`[data-menu-button="${c.id}"]`)
        ?.focus();
    }
  };
  const item = MENU_ITEM;
  return (
    <ul
      ref={ref}
      id={props.id}
      role="menu"
      aria-label={`Actions for ${c.title.trim() || "New chat"}`}
      class="absolute right-1 top-full z-30 mt-1 flex w-52 flex-col rounded-box border border-base-300 bg-base-100 p-1 shadow-lg"
      onKeyDown={onKeyDown}
    >
      <MenuButton
        icon="edit"
        label="Rename"
        onClick={() => actions.startRename(c.id)}
      />
      <MenuButton
        icon="pin"
        label={c.pinned ? "Unpin" : "Pin"}
        onClick={() => actions.setPinned(c.id, !c.pinned)}
      />
      {EXPORTS.map(({ format, label }) => (
        <li role="none" key={format}>
          <a
            role="menuitem"
            class={item}
            href={actions.exportUrl(c.id, format)}
            download
            onClick={() => actions.closeMenu()}
          >
            <Icon name="download" /> {label}
          </a>
        </li>
      ))}
      <MenuButton
        icon="trash"
        label="Delete"
        onClick={() => actions.askDelete(c.id)}
      />
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
  useLayoutEffect(() => {
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

/** Asks before a conversation goes to the trash. */
export function DeleteDialog(
  props: {
    conversation: Conversation | null;
    /** Its title as shown (`displayTitle`, which the sidebar has at hand). */
    title: string;
    onCancel: () => void;
    onConfirm: () => void;
  },
) {
  return (
    <Modal
      id="delete-dialog"
      open={props.conversation !== null}
      onClose={props.onCancel}
      title="Delete this chat?"
      actions={
        <>
          <button type="button" class="btn" autofocus onClick={props.onCancel}>
            Cancel
          </button>
          <button type="button" class="btn btn-error" onClick={props.onConfirm}>
            Delete
          </button>
        </>
      }
    >
      <p>
        “{props.title}” moves to the trash. You can undo this right after.
      </p>
    </Modal>
  );
}

/** The list of keyboard shortcuts. */
export function ShortcutsDialog(
  props: { open: boolean; apple: boolean; onClose: () => void },
) {
  return (
    <Modal
      id="shortcuts-dialog"
      open={props.open}
      onClose={props.onClose}
      title="Keyboard shortcuts"
    >
      <dl class="grid grid-cols-[auto_1fr] items-center gap-x-6 gap-y-2">
        {shortcutHelp(props.apple).map((entry) => (
          <div key={entry.does} class="contents">
            <dt>
              <Keys keys={entry.keys} />
            </dt>
            <dd>{entry.does}</dd>
          </div>
        ))}
      </dl>
    </Modal>
  );
}
