import {
  batch,
  type Signal,
  useComputed,
  useSignal,
  useSignalEffect,
} from "@preact/signals";
import { useEffect, useMemo, useRef } from "preact/hooks";
import { asset, IS_BROWSER } from "fresh/runtime";
import { Fragment } from "preact";
import { Composer } from "../components/chat/composer.tsx";
import {
  type MessageActions,
  MessageItem,
} from "../components/chat/message_item.tsx";
import { ChatModel } from "../lib/client/chat_model.ts";
import type { ModelOption, UnreadableRow } from "../lib/client/chat_types.ts";
import { unreadableAfter } from "../components/chat/unreadable_row.tsx";
import { lazy } from "../lib/client/lazy.ts";
import { adoptPageHtml } from "../lib/client/server_html.ts";
import {
  type PackedMessage,
  unpackMessages,
} from "../lib/client/message_props.ts";
import {
  MARKDOWN_ENHANCE_PATH,
  MARKDOWN_LIVE_PATH,
} from "../lib/markdown/constants.ts";
import { showToast, type Toast } from "../lib/client/toasts.ts";
import { useFileDrop } from "../lib/client/use_file_drop.ts";
import { useWorkspaceChannel } from "../lib/client/use_workspace_channel.ts";
import type { Conversation, Preset } from "../lib/api/mod.ts";

/** Props the pages pass to the chat island. */
export interface ChatProps {
  conversation: Conversation | null;
  /** The page's messages, compact (`packMessages`). */
  messages: PackedMessage[];
  /** Rows of the conversation's file that could not be read. */
  unreadable?: UnreadableRow[];
  /** Earlier messages not sent with the page; loaded on request. */
  earlierCount: number;
  models: ModelOption[];
  defaultModel: string;
  /** Named settings a new chat can start from. */
  presets?: Preset[];
  examples: string[];
  conversations: Signal<Conversation[]>;
  activeId: Signal<string | null>;
  toasts: Signal<Toast[]>;
}

type Markdown = typeof import("../lib/markdown/live.ts");
/**
 * The markdown renderer is loaded on first need, not with the page, from
 * its own browser build (made without the HTML entity tables by dev.ts).
 */
const loadMarkdown = lazy<Markdown>(() => import(asset(MARKDOWN_LIVE_PATH)));

/** The renderer, or null when it could not be loaded (text shows plain). */
function markdownOrNull(): Promise<Markdown | null> {
  return loadMarkdown().catch(() => null);
}

type PendingUi = typeof import("../components/chat/pending_attachments.tsx");
/** The composer's file chips and their model, loaded with the first file. */
let pendingUi: PendingUi | null = null;
const loadPendingUi = lazy<PendingUi>(() =>
  import("../components/chat/pending_attachments.tsx").then((m) =>
    pendingUi = m
  )
);

type Enhance = typeof import("../lib/markdown/enhance.ts");

type StreamingUi = typeof import("../components/chat/streaming_message.tsx");
/** The reply being written: loaded with the chat's machinery, on need. */
const loadStreamingUi = lazy<StreamingUi>(() =>
  import("../components/chat/streaming_message.tsx")
);

type Settings = typeof import("../components/chat/settings_dialog.tsx");
/** The settings dialog (and presets) load the first time it is opened. */
const loadSettings = lazy<Settings>(() =>
  import("../components/chat/settings_dialog.tsx")
);

type EditUiModule = typeof import("../components/chat/edit_form.tsx");
/** The edit form is loaded on the first Edit. */
const loadEditUi = lazy<EditUiModule>(() =>
  import("../components/chat/edit_form.tsx")
);

function enhance(root: Element | null) {
  const enhanced =
    "pre, .math-inline, .math-block, [data-copy], [data-remote-image]";
  if (!root?.querySelector(enhanced)) {
    return;
  }
  (import(asset(MARKDOWN_ENHANCE_PATH)) as Promise<Enhance>)
    .then((m) => m.enhanceMarkdown(root))
    .catch(() => {/* plain code and math stay readable */});
}

/**
 * The conversation: its messages, the reply streaming in, and the composer.
 * What it does lives in `ChatModel` (lib/client/chat_model.ts); this
 * renders the model and wires it to the page: scrolling, focus, the
 * markdown modules, keys and other tabs.
 */
export default function Chat(props: ChatProps) {
  const model = useMemo(
    () =>
      new ChatModel({
        conversations: props.conversations,
        activeId: props.activeId,
        toasts: props.toasts,
      }, {
        conversation: props.conversation,
        messages: IS_BROWSER
          ? adoptPageHtml(unpackMessages(props.messages))
          : unpackMessages(props.messages),
        earlierCount: props.earlierCount,
        models: props.models,
        defaultModel: props.defaultModel,
        renderer: () =>
          markdownOrNull().then((md) => md?.renderMarkdown ?? null),
        replaceUrl: (url) => history.replaceState(null, "", url),
        loadTray: () => loadPendingUi().then((m) => m.AttachmentTray),
      }),
    [],
  );
  const { conversation, messages, streaming, phase, editing, earlier } = model;
  /** The markdown module, once loaded (the streaming reply needs it). */
  const markdown = useSignal<Markdown | null>(null);
  const streamingUi = useSignal<StreamingUi | null>(null);
  const wantStreamingUi = () => {
    if (streamingUi.peek()) return;
    loadStreamingUi().then((m) => (streamingUi.value = m)).catch(() => {
      /* the reply shows when it is done */
    });
  };
  const settingsOpen = useSignal(false);
  const settingsUi = useSignal<Settings | null>(null);
  const editUi = useSignal<EditUiModule | null>(null);
  const awayFromBottom = useSignal(false);
  const listRef = useRef<HTMLDivElement>(null);
  const rootRef = useRef<HTMLDivElement>(null);
  // Files dropped on the chat go with the next message (elsewhere: import).
  const dropping = useFileDrop(
    (files) => void model.attach(files),
    rootRef,
  );
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const stickToBottom = useRef(true);

  const scrollToBottom = () => {
    requestAnimationFrame(() => {
      globalThis.scrollTo({ top: document.documentElement.scrollHeight });
    });
  };

  // A reply starts: follow it down. Text arrives: load the renderer, keep
  // following while the person stays at the bottom.
  useSignalEffect(() => {
    if (phase.value === "waiting") {
      stickToBottom.current = true;
      scrollToBottom();
    }
  });
  useSignalEffect(() => {
    if (!streaming.value) return;
    if (!markdown.peek()) markdownOrNull().then((md) => markdown.value = md);
    wantStreamingUi();
    if (stickToBottom.current) scrollToBottom();
  });
  // New finished messages: enhance their code and math.
  useSignalEffect(() => {
    messages.value;
    requestAnimationFrame(() => enhance(listRef.current));
    if (stickToBottom.current && model.phase.peek() === "idle") {
      scrollToBottom();
    }
  });

  /**
   * A person reaches for a button or picker (pointer over it, or focus)
   * or types: start loading what comes next, so that it acts at once.
   */
  const reach = (e: Event) => {
    const control = (e.target as Element).closest?.("button, select");
    // Typing a message: what sends it is wanted soon.
    if (!control && e.type !== "input") return;
    model.preload();
    wantStreamingUi();
    if (!control) return;
    if (control.hasAttribute("data-settings")) loadSettings().catch(() => {});
  };

  const openSettings = () =>
    loadSettings().then((module) => {
      batch(() => {
        settingsUi.value = module;
        settingsOpen.value = true;
      });
    }).catch(() => {
      showToast(props.toasts, {
        kind: "error",
        text: "Could not open the settings. Check the connection.",
      });
    });

  /** Shown by the composer's picker; the settings dialog keeps it current. */
  const presets = useSignal<Preset[]>(props.presets ?? []);

  useEffect(() => {
    const onScroll = () => {
      const el = document.documentElement;
      const distance = el.scrollHeight -
        (globalThis.scrollY + globalThis.innerHeight);
      stickToBottom.current = distance < 80;
      awayFromBottom.value = distance >= 80;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && model.busy.peek()) {
        e.preventDefault();
        model.stop();
      }
    };
    globalThis.addEventListener("scroll", onScroll, { passive: true });
    globalThis.addEventListener("keydown", onKey);
    // Opened from a search result: show the message that matched, loading
    // the earlier messages first when it is older than those on the page.
    const hitId = location.hash.startsWith("#m-") ? location.hash.slice(3) : "";
    if (hitId) {
      stickToBottom.current = false;
      import("../lib/client/search_hit.ts")
        .then((m) => m.showSearchHit(model, hitId))
        .then((shown) => shown || scrollToBottom(), scrollToBottom);
    } else scrollToBottom();
    // A reply still running (opened mid-reply, or reloaded): reattach.
    model.resume();
    // Ready to type, unless the person already went elsewhere; an open
    // conversation on a touch screen is read first (no keyboard popping up).
    const touch = globalThis.matchMedia?.("(pointer: coarse)").matches;
    if (
      document.activeElement === document.body &&
      (!props.conversation || !touch)
    ) {
      textareaRef.current?.focus();
    }
    return () => {
      globalThis.removeEventListener("scroll", onScroll);
      globalThis.removeEventListener("keydown", onKey);
    };
  }, []);

  // The tab's title follows the conversation's, wherever it was changed.
  useEffect(() =>
    conversation.subscribe((current) => {
      if (current?.title) document.title = `${current.title} · LiveAiChat`;
    }), []);

  // Another tab changed this conversation or started a reply here.
  useWorkspaceChannel((message) => void model.receive(message));

  // The unsent message is kept until it is sent (see lib/client/drafts.ts);
  // its files' records per tab.
  useEffect(() => model.bindDraft(localStorage, sessionStorage), []);

  // Reading this (not `streaming`) keeps the list from re-rendering per token.
  const isStreaming = useComputed(() => streaming.value !== null);
  const actions = useMemo<MessageActions>(() => ({
    copy: (message) => void model.copy(message),
    edit: (message) => {
      model.startEdit(message);
      loadEditUi().then((module) => (editUi.value = module)).catch(() => {
        model.cancelEdit();
        showToast(props.toasts, {
          kind: "error",
          text: "Could not open the editor. Check the connection.",
        });
      });
    },
    regenerate: (message) => void model.regenerate(message),
    showVersion: (message, step) => void model.showVersion(message, step),
    continueReply: (message) => void model.continueReply(message),
  }), []);

  const list = messages.value;
  const StreamingView = streamingUi.value?.StreamingMessage;
  const current = isStreaming.value && StreamingView;
  const busy = model.busy.value;
  const SettingsDialog = settingsUi.value?.SettingsDialog;
  const EditUi = editUi.value;
  return (
    <div
      ref={rootRef}
      class="relative flex flex-1 flex-col"
      onPointerOver={reach}
      onFocusIn={reach}
      onInput={reach}
    >
      <div role="status" aria-live="polite" class="sr-only" data-announce>
        {model.announcement.value}
      </div>
      <div role="status" aria-live="polite">
        {dropping.value && (
          <div
            class="drop-hint inset-2 text-lg"
            data-drop-hint
          >
            {/* Mid-screen however long the conversation is. */}
            <p class="sticky top-1/2 h-fit">
              Drop files to attach them to your message
            </p>
          </div>
        )}
      </div>
      {phase.value === "reconnecting" && (
        <div
          role="alert"
          class="alert alert-warning mx-auto mt-3 w-full max-w-3xl"
        >
          Connection lost — reconnecting to the reply…
        </div>
      )}
      {list.length === 0 && !current
        ? (
          <section class="empty-chat">
            <h1 class="text-3xl font-bold">What can I help with?</h1>
            <p class="text-base-content/80">
              Start a conversation. Everything you write stays on this server,
              in plain CSV files.
            </p>
            <ul class="grid w-full gap-2 sm:grid-cols-3">
              {props.examples.map((text) => (
                <li key={text}>
                  <button
                    type="button"
                    class="card card-border h-full w-full bg-base-100 p-4 text-left text-sm hover:bg-base-200"
                    onClick={() => model.send(text)}
                  >
                    {text}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )
        : (
          <div
            ref={listRef}
            role="log"
            aria-label="Messages"
            class="msg-list"
          >
            {earlier.value > 0 && (
              <button
                type="button"
                class="btn btn-ghost btn-sm self-center"
                onClick={() => model.loadEarlier()}
              >
                Show {earlier.value} earlier messages
              </button>
            )}
            {earlier.value === 0 && unreadableAfter(props.unreadable, null)}
            {list.map((message) => (
              <Fragment key={message.id}>
                {editing.value?.id === message.id && EditUi
                  ? (
                    <EditUi.EditForm
                      draft={editing.value}
                      conversationId={conversation.value?.id ?? null}
                      onText={(text) => model.editText(text)}
                      onSave={() => void model.saveEdit()}
                      onCancel={(byKey) => {
                        model.cancelEdit();
                        if (byKey) textareaRef.current?.focus();
                      }}
                      onRemoveAttachment={(id) =>
                        model.removeEditAttachment(id)}
                    />
                  )
                  : (
                    <MessageItem
                      key={message.id}
                      message={message}
                      conversationId={conversation.value?.id ?? null}
                      html={message.role === "assistant"
                        ? message.html ?? null
                        : null}
                      actions={actions}
                      canEdit={message.role === "user" && !busy &&
                        !message.id.startsWith("pending-")}
                      canRegenerate={message.role === "assistant" && !busy}
                      canSwitch={!busy}
                      canContinue={!busy && message.role === "assistant" &&
                        message.id === list.at(-1)?.id &&
                        (message.finishReason === "length" ||
                          message.status === "interrupted")}
                    />
                  )}
                {unreadableAfter(props.unreadable, message.id)}
              </Fragment>
            ))}
            {current && (
              <StreamingView
                streaming={streaming}
                markdown={markdown}
                Item={MessageItem}
              />
            )}
            {busy && !current && (
              <div
                class="flex items-center gap-2 text-base-content/80"
                data-typing
              >
                <span
                  class="loading loading-dots loading-sm"
                  aria-hidden="true"
                />
                <span class="text-sm">Thinking…</span>
              </div>
            )}
          </div>
        )}
      <div
        class="composer-area"
        data-composer-area
      >
        {awayFromBottom.value && list.length > 0 && (
          <div class="mb-2 flex justify-center">
            <button
              type="button"
              class="btn btn-sm btn-neutral shadow"
              onClick={() => {
                stickToBottom.current = true;
                scrollToBottom();
              }}
            >
              Jump to latest ↓
            </button>
          </div>
        )}
        <Composer
          draft={model.draft}
          model={model.model}
          models={model.models.value}
          onModelsWanted={() => void model.refreshModels()}
          busy={busy}
          onSend={() => void model.send()}
          onStop={() => void model.stop()}
          onModelChange={(id) => void model.changeModel(id)}
          onOpenSettings={openSettings}
          presets={conversation.value ? undefined : presets.value}
          onPreset={(preset) => model.applyPreset(preset)}
          hasSystemPrompt={Boolean(conversation.value?.systemPrompt.trim())}
          textareaRef={textareaRef}
          tray={model.tray.value}
          Pending={pendingUi?.PendingAttachments ?? null}
          onAttach={(files) => void model.attach(files)}
        />
      </div>
      {SettingsDialog && (
        <SettingsDialog
          model={model}
          presets={presets}
          toasts={props.toasts}
          open={settingsOpen}
        />
      )}
    </div>
  );
}
