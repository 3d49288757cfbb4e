/**
 * Shared steps of the chat model tests: a model on a real server that
 * records what it tells the page.
 *
 * @module
 */
import { signal } from "@preact/signals";
import { branchForShow } from "../../lib/api/message_tree.ts";
import { ConversationApi } from "../../lib/client/conversation_api.ts";
import {
  ChatModel,
  type ChatModelOptions,
  type ChatPhase,
} from "../../lib/client/chat_model.ts";
import type { Toast } from "../../lib/client/toasts.ts";
import type { WorkspaceMessage } from "../../lib/client/workspace.ts";
import type { Conversation } from "../../lib/api/mod.ts";
import { type AppServer, startApp } from "../_helpers/app_server.ts";

/** The test's markdown "renderer": the length of the text. */
export const render = (text: string) => `<p>${text.length}</p>`;

/** A chat model on a real server, recording what it tells the page. */
export async function setup(
  base: string,
  options: { id?: string; extra?: Partial<ChatModelOptions> } = {},
) {
  const api = new ConversationApi({ base });
  const data = options.id ? await api.read(options.id) : null;
  const sent: WorkspaceMessage[] = [];
  const urls: string[] = [];
  const phases: ChatPhase[] = [];
  const shared = {
    conversations: signal<Conversation[]>([]),
    activeId: signal<string | null>(options.id ?? null),
    toasts: signal<Toast[]>([]),
  };
  const model = new ChatModel(shared, {
    api,
    conversation: data?.conversation ?? null,
    // As the page renders it: the branch shown.
    messages: data
      ? branchForShow(data.messages, data.conversation.leafId).map((m) =>
        m.role === "assistant" ? { ...m, html: render(m.content) } : m
      )
      : [],
    models: [],
    defaultModel: "demo",
    renderer: () => Promise.resolve(render),
    broadcast: (m) => sent.push(m),
    replaceUrl: (url) => urls.push(url),
    sleep: () => new Promise((r) => setTimeout(r, 5)),
    frame: (callback) => queueMicrotask(callback),
    ...options.extra,
  });
  model.phase.subscribe((p) => phases.push(p));
  const toastTexts = () => shared.toasts.value.map((t) => t.text);
  return { api, model, shared, sent, urls, phases, toastTexts };
}

/** Resolves once `check` holds after a change of the model's signals. */
export function until(model: ChatModel, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = model.streaming.subscribe(() => {
      if (check()) {
        queueMicrotask(() => stop());
        resolve();
      }
    });
  });
}

export async function withApp(
  fn: (app: AppServer) => Promise<void>,
  delayMs = 0,
): Promise<void> {
  const app = await startApp({ demoTokenDelayMs: delayMs });
  try {
    await fn(app);
  } finally {
    await app.close();
  }
}
