import { batch, type Signal, useComputed, useSignal } from "@preact/signals";
import { useEffect, useLayoutEffect, useMemo, useRef } from "preact/hooks";
import { Composer } from "../components/chat/composer.tsx";
import {
  type MessageActions,
  MessageItem,
} from "../components/chat/message_item.tsx";
import type { ChatMessage, ModelOption } from "../lib/client/chat_types.ts";
import { draftKey, loadDraft, saveDraft } from "../lib/client/drafts.ts";
import { lazy } from "../lib/client/lazy.ts";
import { frameBatcher, readNdjson } from "../lib/client/ndjson.ts";
import { showToast, type Toast } from "../lib/client/toasts.ts";
import { useWorkspaceChannel } from "../lib/client/use_workspace_channel.ts";
import { broadcast, upsertConversation } from "../lib/client/workspace.ts";
import type { ChatEvent } from "../lib/chat/events.ts";
import type { Conversation } from "../lib/store/types.ts";

/** Props the pages pass to the chat island. */
export interface ChatProps {
  conversation: Conversation | null;
  messages: ChatMessage[];
  /** Earlier messages not sent with the page; loaded on request. */
  earlierCount: number;
  models: ModelOption[];
  defaultModel: string;
  examples: string[];
  conversations: Signal<Conversation[]>;
  activeId: Signal<string | null>;
  toasts: Signal<Toast[]>;
}

interface Streaming {
  id: string;
  text: string;
  model: string | null;
  createdAt: string;
}

type Markdown = typeof import("../lib/markdown/live.ts");
/** The markdown renderer is loaded on first need, not with the page. */
const loadMarkdown = lazy<Markdown>(() => import("../lib/markdown/live.ts"));

/** The renderer, or null when it could not be loaded (text shows plain). */
function markdownOrNull(): Promise<Markdown | null> {
  return loadMarkdown().catch(() => null);
}

type Settings = typeof import("../components/chat/settings_modal.tsx");
/** The settings dialog is loaded the first time it is opened. */
const loadSettings = lazy<Settings>(() =>
  import("../components/chat/settings_modal.tsx")
);

function enhance(root: Element | null) {
  const enhanced =
    "pre, .math-inline, .math-block, [data-copy], [data-remote-image]";
  if (!root?.querySelector(enhanced)) {
    return;
  }
  import("../lib/markdown/enhance.ts").then((m) => m.enhanceMarkdown(root))
    .catch(() => {/* plain code and math stay readable */});
}

class RequestError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

async function errorOf(response: Response): Promise<RequestError> {
  let message = `The server answered ${response.status}.`;
  try {
    const body = await response.json();
    if (typeof body?.error === "string") message = body.error;
  } catch {
    // not JSON; keep the generic message
  }
  return new RequestError(message, response.status);
}

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: init?.body ? { "content-type": "application/json" } : undefined,
  });
  if (!response.ok) throw await errorOf(response);
  return await response.json() as T;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The conversation: its messages, the reply streaming in, and the composer.
 * It reads the NDJSON stream of the API with a fetch reader, renders at
 * most once per animation frame, and reattaches to a reply that is still
 * running when the page is opened or the network comes back.
 */
export default function Chat(props: ChatProps) {
  const conversation = useSignal<Conversation | null>(props.conversation);
  const messages = useSignal<ChatMessage[]>(props.messages);
  const streaming = useSignal<Streaming | null>(null);
  /** The markdown module, once loaded (the streaming reply needs it). */
  const markdown = useSignal<Markdown | null>(null);
  const busy = useSignal(false);
  const reconnecting = useSignal(false);
  const draft = useSignal("");
  const model = useSignal(props.conversation?.model ?? props.defaultModel);
  const announce = useSignal("");
  const editing = useSignal<{ id: string; text: string } | null>(null);
  const settingsOpen = useSignal(false);
  const settingsUi = useSignal<Settings | null>(null);
  const earlier = useSignal(props.earlierCount);
  const models = useSignal<ModelOption[]>(props.models);
  const modelsFresh = useRef(false);
  const awayFromBottom = useSignal(false);
  const listRef = useRef<HTMLDivElement>(null);
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const lastSeq = useRef(-1);
  const buffer = useRef("");
  const stickToBottom = useRef(true);

  const scrollToBottom = () => {
    requestAnimationFrame(() => {
      globalThis.scrollTo({ top: document.documentElement.scrollHeight });
    });
  };

  const batcher = useMemo(() =>
    frameBatcher(() => {
      const current = streaming.peek();
      if (!current) return;
      const text = buffer.current;
      streaming.value = { ...current, text };
      if (!markdown.peek()) {
        markdownOrNull().then((md) => markdown.value = md);
      }
      if (stickToBottom.current) scrollToBottom();
    }), []);

  const toast = (kind: Toast["kind"], text: string) =>
    showToast(props.toasts, { kind, text });

  /** Replace the messages with the server's copy (after a drop or a 204). */
  const resync = async (id: string) => {
    const data = await api<
      { conversation: Conversation; messages: ChatMessage[] }
    >(
      `/api/conversations/${id}`,
    );
    const md = await markdownOrNull();
    batch(() => {
      conversation.value = data.conversation;
      messages.value = data.messages.map((m) =>
        m.role === "assistant"
          ? { ...m, html: md?.renderMarkdown(m.content) }
          : m
      );
      streaming.value = null;
    });
    const last = data.messages.at(-1);
    if (last?.role === "assistant" && last.status === "streaming") {
      await follow(id, null);
    }
  };

  const finish = async (event: ChatEvent & { type: "done" | "error" }) => {
    const current = streaming.peek();
    if (!current) return;
    batcher.flushNow();
    const md = await markdownOrNull();
    const text = buffer.current;
    const done: ChatMessage = {
      id: current.id,
      role: "assistant",
      content: text,
      html: md?.renderMarkdown(text),
      createdAt: current.createdAt,
      completedAt: new Date().toISOString(),
      status: event.status,
      model: current.model,
      finishReason: event.type === "done" ? event.finishReason : null,
      promptTokens: event.type === "done" ? event.usage.promptTokens : null,
      completionTokens: event.type === "done"
        ? event.usage.completionTokens
        : null,
      error: event.type === "error" ? event.message : null,
    };
    batch(() => {
      messages.value = [...messages.value, done];
      streaming.value = null;
      busy.value = false;
      reconnecting.value = false;
      announce.value = event.type === "error"
        ? `Reply failed: ${event.message}`
        : event.status === "stopped"
        ? "Reply stopped"
        : "Reply finished";
    });
    if (event.type === "error") toast("error", event.message);
    if (stickToBottom.current) scrollToBottom();
    requestAnimationFrame(() => enhance(listRef.current));
  };

  const onEvent = (event: ChatEvent) => {
    if (event.seq <= lastSeq.current) return; // seen before a reconnect
    lastSeq.current = event.seq;
    switch (event.type) {
      case "start":
        buffer.current = "";
        batch(() => {
          messages.value = messages.value.map((m) =>
            m.id.startsWith("pending-") && m.role === "user"
              ? { ...m, id: event.userMessageId }
              : m
          ).filter((m) => m.id !== event.messageId);
          streaming.value = {
            id: event.messageId,
            text: "",
            model: event.model,
            createdAt: new Date().toISOString(),
          };
          announce.value = "Assistant is replying";
        });
        break;
      case "delta":
        buffer.current += event.text;
        batcher.schedule();
        break;
      case "title": {
        const current = conversation.peek();
        if (current) {
          const updated = { ...current, title: event.title };
          conversation.value = updated;
          upsertConversation(props.conversations, updated);
          broadcast({ type: "conversation", conversation: updated });
        }
        break;
      }
      case "done":
      case "error":
        finish(event);
        break;
    }
  };

  /**
   * Read a reply stream to its end; when the connection drops, reattach
   * with the last seq seen, waiting longer after each failure.
   */
  const follow = async (id: string, first: Response | null) => {
    busy.value = true;
    let response = first;
    for (let attempt = 0;; attempt++) {
      try {
        response ??= await fetch(
          `/api/conversations/${id}/stream?after=${lastSeq.current}`,
        );
        if (response.status === 204) {
          // Nothing runs any more: what was written is on the server.
          busy.value = false;
          reconnecting.value = false;
          if (streaming.peek()) await resync(id);
          return;
        }
        if (!response.ok) throw await errorOf(response);
        reconnecting.value = false;
        attempt = 0;
        await readNdjson<ChatEvent>(response, onEvent);
        if (!busy.peek()) return;
      } catch (error) {
        if (error instanceof RequestError && error.status < 500) {
          busy.value = false;
          streaming.value = null;
          toast("error", error.message);
          return;
        }
      }
      response = null;
      if (!busy.peek()) return;
      reconnecting.value = true;
      await sleep(Math.min(500 * 2 ** attempt, 8000));
    }
  };

  const ensureConversation = async (): Promise<Conversation> => {
    if (conversation.peek()) return conversation.peek()!;
    const created = await api<Conversation>("/api/conversations", {
      method: "POST",
      body: JSON.stringify({ model: model.peek() }),
    });
    conversation.value = created;
    props.activeId.value = created.id;
    upsertConversation(props.conversations, created);
    broadcast({ type: "conversation", conversation: created });
    history.replaceState(null, "", `/c/${created.id}`);
    return created;
  };

  const startReply = async (
    path: (id: string) => string,
    body: Record<string, unknown>,
    undo: () => void,
  ) => {
    busy.value = true;
    lastSeq.current = -1;
    stickToBottom.current = true;
    scrollToBottom();
    try {
      const current = await ensureConversation();
      const response = await fetch(path(current.id), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw await errorOf(response);
      broadcast({ type: "reply", conversationId: current.id });
      await follow(current.id, response);
    } catch (error) {
      busy.value = false;
      undo();
      toast("error", error instanceof Error ? error.message : String(error));
      // Another tab or device is writing a reply here: show it as it goes.
      const id = conversation.peek()?.id;
      if (error instanceof RequestError && error.status === 409 && id) {
        await resync(id).catch(() => {});
      }
    }
  };

  const send = (text = draft.peek()) => {
    const content = text.trim();
    if (!content || busy.peek()) return;
    const pending: ChatMessage = {
      id: `pending-${Date.now()}`,
      role: "user",
      content,
      createdAt: new Date().toISOString(),
      completedAt: null,
      status: "complete",
      model: null,
      finishReason: null,
      promptTokens: null,
      completionTokens: null,
      error: null,
    };
    const before = messages.peek();
    batch(() => {
      messages.value = [...before, pending];
      draft.value = "";
    });
    startReply(
      (id) => `/api/conversations/${id}/messages`,
      { content, model: model.peek() },
      () => {
        messages.value = before;
        draft.value = content;
      },
    );
  };

  const regenerate = () => {
    if (busy.peek()) return;
    const before = messages.peek();
    const lastUser = before.findLastIndex((m) => m.role === "user");
    messages.value = before.slice(0, lastUser + 1);
    startReply(
      (id) => `/api/conversations/${id}/regenerate`,
      { model: model.peek() },
      () => (messages.value = before),
    );
  };

  const saveEdit = () => {
    const edit = editing.peek();
    const content = edit?.text.trim();
    if (!edit || !content || busy.peek()) return;
    const before = messages.peek();
    const index = before.findIndex((m) => m.id === edit.id);
    batch(() => {
      messages.value = [...before.slice(0, index), {
        ...before[index],
        content,
      }];
      editing.value = null;
    });
    startReply(
      (id) => `/api/conversations/${id}/messages`,
      { content, model: model.peek(), editMessageId: edit.id },
      () => (messages.value = before),
    );
  };

  const stop = async () => {
    const current = conversation.peek();
    if (!current || !busy.peek()) return;
    try {
      await fetch(`/api/conversations/${current.id}/stop`, { method: "POST" });
    } catch {
      toast("error", "Could not reach the server to stop the reply.");
    }
  };

  /**
   * Ask `GET /api/models` once when the picker is first used: a local
   * server may have gained models since the page was rendered.
   */
  const refreshModels = async () => {
    if (modelsFresh.current) return;
    modelsFresh.current = true;
    try {
      const data = await api<{ models: ModelOption[] }>("/api/models");
      if (data.models.length > 0) models.value = data.models;
    } catch {
      modelsFresh.current = false; // try again next time
    }
  };

  /** Save fields of the open conversation; false when it failed. */
  const patchConversation = async (
    fields: Record<string, unknown>,
  ): Promise<boolean> => {
    const current = conversation.peek();
    if (!current) return false;
    try {
      const updated = await api<Conversation>(
        `/api/conversations/${current.id}`,
        { method: "PATCH", body: JSON.stringify(fields) },
      );
      conversation.value = updated;
      broadcast({ type: "conversation", conversation: updated });
      return true;
    } catch (error) {
      toast("error", (error as Error).message);
      return false;
    }
  };

  const changeModel = (id: string) => {
    model.value = id;
    patchConversation({ model: id });
  };

  const openSettings = () =>
    loadSettings().then((module) => {
      batch(() => {
        settingsUi.value = module;
        settingsOpen.value = true;
      });
    }).catch(() => {
      toast("error", "Could not open the settings. Check the connection.");
    });

  const saveSettings = async (
    values: { systemPrompt: string; temperature: number | null },
  ) => {
    if (await patchConversation(values)) {
      settingsOpen.value = false;
      toast("success", "Settings saved.");
    }
  };

  /** Put the messages the page left out in front of the ones shown. */
  const loadEarlier = async () => {
    const current = conversation.peek();
    if (!current) return;
    try {
      const [data, md] = await Promise.all([
        api<{ messages: ChatMessage[] }>(`/api/conversations/${current.id}`),
        markdownOrNull(),
      ]);
      const shown = new Set(messages.peek().map((m) => m.id));
      const missing = data.messages.filter((m) => !shown.has(m.id)).map((m) =>
        m.role === "assistant"
          ? { ...m, html: md?.renderMarkdown(m.content) }
          : m
      );
      batch(() => {
        messages.value = [...missing, ...messages.peek()];
        earlier.value = 0;
      });
      requestAnimationFrame(() => enhance(listRef.current));
    } catch (error) {
      toast("error", (error as Error).message);
    }
  };

  const copy = async (message: ChatMessage) => {
    try {
      await navigator.clipboard.writeText(message.content);
      toast("success", "Copied to the clipboard.");
    } catch {
      toast("error", "The browser did not allow copying.");
    }
  };

  useEffect(() => {
    enhance(listRef.current);
    const onScroll = () => {
      const el = document.documentElement;
      const distance = el.scrollHeight -
        (globalThis.scrollY + globalThis.innerHeight);
      stickToBottom.current = distance < 80;
      awayFromBottom.value = distance >= 80;
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && busy.peek()) {
        e.preventDefault();
        stop();
      }
    };
    globalThis.addEventListener("scroll", onScroll, { passive: true });
    globalThis.addEventListener("keydown", onKey);
    scrollToBottom();
    // A reply still running (opened mid-reply, or reloaded): reattach.
    const last = props.messages.at(-1);
    const current = props.conversation;
    if (current && last?.role === "assistant" && last.status === "streaming") {
      lastSeq.current = -1;
      follow(current.id, null);
    } else if (!current && document.activeElement === document.body) {
      // New chat: ready to type, unless the person already went elsewhere.
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

  // Another tab changed this conversation (settings, model, title) or
  // started a reply here: show the change, or the question and the reply.
  useWorkspaceChannel((message) => {
    const current = conversation.peek();
    const id = current?.id;
    if (message.type === "conversation" && message.conversation.id === id) {
      const next = message.conversation;
      if (Date.parse(next.updatedAt) >= Date.parse(current!.updatedAt)) {
        batch(() => {
          conversation.value = next;
          if (next.model) model.value = next.model;
        });
      }
      return;
    }
    if (message.type !== "reply" || message.conversationId !== id) return;
    if (busy.peek()) return;
    lastSeq.current = -1;
    resync(id).then(() => {
      // Its reply was not stored yet when the history was read.
      if (!busy.peek() && messages.peek().at(-1)?.role === "user") {
        return follow(id, null);
      }
    }).catch(() => {});
  });

  // The unsent message is kept until it is sent (see lib/client/drafts.ts).
  useEffect(() => {
    const key = () => draftKey(conversation.peek()?.id ?? null);
    if (!draft.peek()) draft.value = loadDraft(localStorage, key());
    return draft.subscribe((text) => saveDraft(localStorage, key(), text));
  }, []);

  // Reading this (not `streaming`) keeps the list from re-rendering per token.
  const isStreaming = useComputed(() => streaming.value !== null);
  const actions = useMemo<MessageActions>(() => ({
    copy,
    edit: (
      message,
    ) => (editing.value = { id: message.id, text: message.content }),
    regenerate,
  }), []);

  const lastAssistantId = useComputed(() => {
    const list = messages.value;
    const last = list.at(-1);
    return last?.role === "assistant" ? last.id : null;
  });

  const list = messages.value;
  const current = isStreaming.value;
  const SettingsDialog = settingsUi.value?.SettingsModal;
  return (
    <div class="flex flex-1 flex-col">
      <div role="status" aria-live="polite" class="sr-only" data-announce>
        {announce.value}
      </div>
      {reconnecting.value && (
        <div
          role="alert"
          class="alert alert-warning mx-auto mt-3 w-full max-w-3xl"
        >
          Connection lost — reconnecting to the reply…
        </div>
      )}
      {list.length === 0 && !current
        ? (
          <section class="mx-auto flex w-full max-w-2xl flex-1 flex-col items-center justify-center gap-6 p-6 text-center">
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
                    onClick={() => send(text)}
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
            class="mx-auto flex w-full max-w-3xl flex-1 flex-col gap-6 px-4 py-6"
          >
            {earlier.value > 0 && (
              <button
                type="button"
                class="btn btn-ghost btn-sm self-center"
                onClick={loadEarlier}
              >
                Show {earlier.value} earlier messages
              </button>
            )}
            {list.map((message) =>
              editing.value?.id === message.id
                ? (
                  <form
                    key={message.id}
                    class="flex flex-col gap-2"
                    onSubmit={(e) => {
                      e.preventDefault();
                      saveEdit();
                    }}
                  >
                    <label class="sr-only" for="edit-message">
                      Edit message
                    </label>
                    <textarea
                      id="edit-message"
                      class="textarea w-full"
                      rows={4}
                      value={editing.value.text}
                      onInput={(e) =>
                        editing.value = {
                          id: message.id,
                          text: e.currentTarget.value,
                        }}
                      onKeyDown={(e) => {
                        if (e.key === "Escape") {
                          e.stopPropagation();
                          editing.value = null;
                        }
                      }}
                    />
                    <div class="flex justify-end gap-2">
                      <button
                        type="button"
                        class="btn btn-ghost btn-sm"
                        onClick={() => (editing.value = null)}
                      >
                        Cancel
                      </button>
                      <button type="submit" class="btn btn-primary btn-sm">
                        Save & resend
                      </button>
                    </div>
                  </form>
                )
                : (
                  <MessageItem
                    key={message.id}
                    message={message}
                    html={message.role === "assistant"
                      ? message.html ?? null
                      : null}
                    actions={actions}
                    canEdit={message.role === "user" && !busy.value &&
                      !message.id.startsWith("pending-")}
                    canRegenerate={message.id === lastAssistantId.value &&
                      !busy.value}
                  />
                )
            )}
            {current && (
              <StreamingMessage streaming={streaming} markdown={markdown} />
            )}
            {busy.value && !current && (
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
      <div class="sticky bottom-0 bg-gradient-to-t from-base-100 via-base-100 to-transparent px-4 pb-4 pt-6">
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
          draft={draft}
          model={model}
          models={models.value}
          onModelsWanted={refreshModels}
          busy={busy.value}
          onSend={() => send()}
          onStop={stop}
          onModelChange={changeModel}
          onOpenSettings={conversation.value ? openSettings : undefined}
          textareaRef={textareaRef}
        />
      </div>
      {conversation.value && SettingsDialog && (
        <SettingsDialog
          open={settingsOpen.value}
          systemPrompt={conversation.value.systemPrompt}
          temperature={conversation.value.temperature}
          onSave={saveSettings}
          onClose={() => (settingsOpen.value = false)}
        />
      )}
    </div>
  );
}

const NO_ACTIONS: MessageActions = {
  copy: () => {},
  edit: () => {},
  regenerate: () => {},
};

/** Only this re-renders while tokens arrive. */
function StreamingMessage(
  props: {
    streaming: Signal<Streaming | null>;
    markdown: Signal<Markdown | null>;
  },
) {
  const current = props.streaming.value;
  if (!current) return null;
  const message: ChatMessage = {
    id: current.id,
    role: "assistant",
    content: current.text,
    createdAt: current.createdAt,
    completedAt: null,
    status: "streaming",
    model: current.model,
    finishReason: null,
    promptTokens: null,
    completionTokens: null,
    error: null,
  };
  const md = props.markdown.value;
  return (
    <div aria-busy="true">
      <MessageItem
        message={message}
        html={null}
        body={md && (
          <LiveMarkdown key={current.id} text={current.text} md={md} />
        )}
        streaming
        actions={NO_ACTIONS}
      />
    </div>
  );
}

/** The reply so far, as markdown; see lib/markdown/live.ts. */
function LiveMarkdown(props: { text: string; md: Markdown }) {
  const ref = useRef<HTMLDivElement>(null);
  const view = useRef<InstanceType<Markdown["LiveMarkdownView"]> | null>(null);
  useLayoutEffect(() => {
    if (!ref.current) return;
    view.current ??= new props.md.LiveMarkdownView(ref.current);
    view.current.show(props.text);
  }, [props.text]);
  return (
    <div
      ref={ref}
      class="markdown-body w-full break-words"
      data-content
    />
  );
}
