import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import {
  ConversationRow,
  ConversationSection,
  type RowActions,
} from "../components/sidebar.tsx";
import { Icon } from "../components/icons.tsx";
import { workspaceApi } from "../lib/client/api.ts";
import { debounce } from "../lib/client/debounce.ts";
import { lazy } from "../lib/client/lazy.ts";
import { withSearchQuery } from "../lib/client/search_url.ts";
import { takePendingUndo } from "../lib/client/pending_undo.ts";
import { isApplePlatform, shortcutFor } from "../lib/client/shortcuts.ts";
import { SidebarModel } from "../lib/client/sidebar_model.ts";
import { showToast, type Toast } from "../lib/client/toasts.ts";
import { useFileDrop } from "../lib/client/use_file_drop.ts";
import { useOnVisible } from "../lib/client/use_on_visible.ts";
import { useWorkspaceChannel } from "../lib/client/use_workspace_channel.ts";
import { groupConversations } from "../lib/sidebar/groups.ts";
import { displayTitle } from "../lib/sidebar/text.ts";
import type { Conversation } from "../lib/api/mod.ts";

/** Props the workspace pages pass (see `components/workspace.tsx`). */
export interface SidebarProps {
  conversations: Signal<Conversation[]>;
  activeId: Signal<string | null>;
  toasts: Signal<Toast[]>;
  nextCursor: string | null;
  query: string;
}

type Extras = typeof import("../components/sidebar_extras.tsx");

/** Menus, rename field and dialogs: fetched on first use, then kept. */
const loadExtras = lazy<Extras>(() =>
  import("../components/sidebar_extras.tsx")
);

const SEARCH_DELAY_MS = 250;
const IMPORT_TYPES = ".csv,.json,text/csv,application/json";

/** Open the drawer on narrow screens so that its content can take focus. */
function openDrawer(): void {
  const toggle = document.getElementById("sidebar-toggle");
  if (toggle instanceof HTMLInputElement && !toggle.checked) {
    if (matchMedia("(max-width: 1023.98px)").matches) toggle.checked = true;
  }
}

/**
 * Focus an element that may still be hidden for a moment (the drawer
 * becomes visible after a short transition): retry for up to a second.
 */
function focusSoon(
  element: HTMLInputElement | null,
  until = Date.now() + 1000,
) {
  if (!element) return;
  element.focus();
  if (document.activeElement === element) element.select();
  else if (Date.now() < until) {
    requestAnimationFrame(() => focusSoon(element, until));
  }
}

/**
 * The workspace sidebar: new chat, search, pinned and dated conversation
 * groups with per-item actions, infinite scroll, import, live updates
 * from the chat and other tabs, and the global keyboard shortcuts.
 */
export function Sidebar(props: SidebarProps) {
  const model = useMemo(
    () =>
      new SidebarModel(props, {
        api: workspaceApi,
        nextCursor: props.nextCursor,
        query: props.query,
        navigate: (url) => location.assign(url),
        storage: typeof sessionStorage === "undefined"
          ? undefined
          : sessionStorage,
      }),
    [],
  );
  const input = useSignal(props.query);
  const menu = useSignal<{ id: string; focus: boolean } | null>(null);
  const renaming = useSignal<string | null>(null);
  const deleting = useSignal<Conversation | null>(null);
  const helpOpen = useSignal(false);
  // Server and first browser render group in UTC so that hydration
  // matches; then the browser switches to its own time zone.
  const clock = useSignal({ now: Date.now(), local: false });
  const apple = useSignal(false);
  /** Hydrated: shortcuts and actions work (tests wait for this). */
  const ready = useSignal(false);
  const extras = useSignal<Extras | null>(null);
  const needExtras = () => {
    if (extras.value) return;
    loadExtras().then((m) => extras.value = m).catch(() => {
      showToast(props.toasts, {
        kind: "error",
        text: "Could not load the menu. Check the connection and try again.",
      });
    });
  };
  const searchRef = useRef<HTMLInputElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const sentinelRef = useRef<HTMLDivElement>(null);

  const search = useMemo(
    () => debounce((q: string) => void model.search(q), SEARCH_DELAY_MS),
    [],
  );
  const dragging = useFileDrop((files) => void model.importFile(files[0]));
  useWorkspaceChannel((message) => model.receive(message));
  useOnVisible(sentinelRef, () => void model.loadMore(), {
    key: props.conversations.value.length,
  });

  useEffect(() => {
    ready.value = true;
    clock.value = { now: Date.now(), local: true };
    apple.value = isApplePlatform(navigator);
    const tick = setInterval(() => {
      clock.value = { now: Date.now(), local: true };
    }, 60_000);
    const undo = takePendingUndo(sessionStorage);
    if (undo) model.offerUndo(undo);
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e);
      if (!action) return;
      e.preventDefault();
      if (action === "search") {
        openDrawer();
        focusSoon(searchRef.current);
      } else if (action === "new-chat") {
        location.assign("/");
      } else {
        needExtras();
        helpOpen.value = true;
      }
    };
    addEventListener("keydown", onKey);
    return () => {
      clearInterval(tick);
      removeEventListener("keydown", onKey);
      search.cancel();
      model.dispose();
    };
  }, []);

  // The search shown is kept in the address, so a reload shows it again.
  useEffect(() =>
    model.query.subscribe((query) => {
      const href = withSearchQuery(location.href, query);
      if (href !== location.href) history.replaceState(history.state, "", href);
    }), []);

  // A click outside an open menu closes it.
  useEffect(() => {
    if (!menu.value) return;
    const id = menu.value.id;
    const onDown = (e: PointerEvent) => {
      const row = (e.target as Element | null)?.closest?.(
        "[data-conversation-id]",
      );
      if (row?.getAttribute("data-conversation-id") !== id) {
        menu.value = null;
      }
    };
    document.addEventListener("pointerdown", onDown);
    return () => document.removeEventListener("pointerdown", onDown);
  }, [menu.value?.id]);

  const focusRow = (id: string) =>
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(
        `[data-conversation-id="${id}"] a[href]`,
      )?.focus()
    );

  const actions: RowActions = {
    toggleMenu(id, focus) {
      needExtras();
      menu.value = menu.value?.id === id ? null : { id, focus };
    },
    closeMenu() {
      menu.value = null;
    },
    startRename(id) {
      needExtras();
      menu.value = null;
      renaming.value = id;
    },
    finishRename(id, title, byKey) {
      renaming.value = null;
      if (title !== null) void model.rename(id, title);
      if (byKey) focusRow(id);
    },
    setPinned(id, pinned) {
      menu.value = null;
      void model.setPinned(id, pinned).then(() => focusRow(id));
    },
    askDelete(id) {
      menu.value = null;
      deleting.value = props.conversations.value.find((c) => c.id === id) ??
        null;
    },
    exportUrl: (id, format) => workspaceApi.exportUrl(id, format),
  };

  const confirmDelete = async () => {
    const conversation = deleting.value;
    deleting.value = null;
    if (!conversation) return;
    if (await model.remove(conversation.id)) searchRef.current?.focus();
  };

  const groups = groupConversations(props.conversations.value, {
    now: clock.value.now,
    offsetOf: clock.value.local ? (d) => d.getTimezoneOffset() : undefined,
  });
  const query = model.query.value.trim();
  const mod = apple.value ? "⌘" : "Ctrl";
  const X = extras.value;

  return (
    <div
      class="relative flex flex-1 flex-col gap-2"
      data-sidebar-ready={ready.value ? "" : undefined}
      onPointerEnter={needExtras}
      onFocusIn={needExtras}
    >
      <div class="side-head">
        <a href="/" class="btn btn-primary btn-block justify-start gap-2">
          <Icon name="plus" /> New chat
        </a>
        <label class="input input-sm w-full">
          <Icon name="search" class="icon opacity-70" />
          <input
            ref={searchRef}
            type="search"
            class="grow"
            placeholder="Search"
            aria-label="Search conversations"
            aria-keyshortcuts="Control+K Meta+K"
            value={input.value}
            onInput={(e) => {
              input.value = e.currentTarget.value;
              search(input.value);
            }}
            onKeyDown={(e) => {
              if (e.key !== "Escape") return;
              e.preventDefault();
              e.stopPropagation();
              if (input.value === "" && model.query.value === "") {
                e.currentTarget.blur();
                return;
              }
              input.value = "";
              search.cancel();
              void model.search("");
            }}
          />
          {model.searching.value
            ? <span class="loading loading-spinner loading-xs" />
            : (
              <kbd class="kbd kbd-sm hidden lg:inline-flex" aria-hidden="true">
                {mod} K
              </kbd>
            )}
        </label>
      </div>

      <p class="sr-only" role="status" aria-live="polite">
        {model.announcement.value}
      </p>

      <div
        class="flex flex-1 flex-col"
        aria-busy={model.searching.value || undefined}
      >
        {groups.length === 0 && (
          <p class="px-3 py-6 text-sm text-base-content/80">
            {query
              ? `No conversations match “${query}”.`
              : "No conversations yet. Start one with “New chat”."}
          </p>
        )}
        {groups.map((group) => (
          <ConversationSection key={group.label} label={group.label}>
            {group.conversations.map((c) => (
              <ConversationRow
                key={c.id}
                conversation={c}
                active={c.id === props.activeId.value}
                menuOpen={menu.value?.id === c.id}
                actions={actions}
                editor={renaming.value === c.id && X && (
                  <X.RenameField
                    title={c.title}
                    onDone={(title, byKey) =>
                      actions.finishRename(c.id, title, byKey)}
                  />
                )}
                menu={menu.value?.id === c.id && X && (
                  <X.RowMenu
                    id={`menu-${c.id}`}
                    conversation={c}
                    focusFirst={menu.value.focus}
                    actions={actions}
                  />
                )}
              />
            ))}
          </ConversationSection>
        ))}
        {model.cursor.value && (
          <div ref={sentinelRef} class="flex justify-center py-3">
            <button
              type="button"
              class="btn btn-ghost btn-sm"
              disabled={model.loadingMore.value}
              onClick={() =>
                void model.loadMore()}
            >
              {model.loadingMore.value
                ? <span class="loading loading-spinner loading-xs" />
                : "Load more"}
            </button>
          </div>
        )}
      </div>

      <div class="side-foot">
        <input
          ref={fileRef}
          type="file"
          accept={IMPORT_TYPES}
          class="hidden"
          aria-hidden="true"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = "";
            if (file) void model.importFile(file);
          }}
        />
        <button
          type="button"
          class="btn btn-ghost btn-sm flex-1 justify-start px-2"
          disabled={model.importing.value}
          title="Import CSV, JSON or a ChatGPT export (or drop a file here)"
          onClick={() => fileRef.current?.click()}
        >
          {model.importing.value
            ? <span class="loading loading-spinner loading-xs" />
            : <Icon name="upload" />}
          Import
        </button>
        <button
          type="button"
          class="btn btn-ghost btn-sm flex-1 justify-start px-2"
          aria-label="Keyboard shortcuts"
          aria-keyshortcuts="Control+/ Meta+/"
          title="Keyboard shortcuts"
          onClick={() => {
            needExtras();
            helpOpen.value = true;
          }}
        >
          <Icon name="keyboard" /> Shortcuts
        </button>
        <a
          href="/trash"
          class="btn btn-ghost btn-sm flex-1 justify-start px-2"
          title="Recently deleted conversations"
        >
          <Icon name="trash" /> Deleted
        </a>
      </div>

      {dragging.value && (
        <div
          class="drop-hint inset-0 z-40 items-center"
          aria-hidden="true"
        >
          Drop a CSV or JSON file to import it
        </div>
      )}

      {X && (
        <X.DeleteDialog
          conversation={deleting.value}
          title={displayTitle(deleting.value?.title ?? "")}
          onCancel={() => deleting.value = null}
          onConfirm={() => void confirmDelete()}
        />
      )}
      {X && (
        <X.ShortcutsDialog
          open={helpOpen.value}
          apple={apple.value}
          onClose={() => helpOpen.value = false}
        />
      )}
    </div>
  );
}
