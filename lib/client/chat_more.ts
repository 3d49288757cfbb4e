/**
 * The chat model's actions that a page rarely needs at once, loaded on
 * first use (see `ChatModel`, which keeps sending, streaming, stopping and
 * reattaching): regenerate, continue, switching versions, saving an edit,
 * earlier messages, settings and presets, and what other tabs did.
 * Each works on the model through its core (chat_core.ts).
 *
 * @module
 */
import { batch } from "@preact/signals";
import type { Conversation } from "../api/mod.ts";
import {
  branchForShow,
  childrenIndex,
  newestLeaf,
} from "../api/message_tree.ts";
import type { ChatCore } from "./chat_core.ts";
import type { ChatMessage } from "./chat_types.ts";
import type { WorkspaceMessage } from "./workspace.ts";

/** Fields of a conversation the chat changes. */
export interface ChatSettings {
  model?: string;
  systemPrompt?: string;
  temperature?: number | null;
  maxOutputTokens?: number | null;
}

/** See `ChatModel.regenerate`. */
export function regenerate(core: ChatCore, reply?: ChatMessage): Promise<void> {
  const { model } = core;
  if (model.busy.peek()) return Promise.resolve();
  const before = model.messages.peek();
  const at = reply ? before.findIndex((m) => m.id === reply.id) : -1;
  const question = before.findLastIndex((m, i) =>
    m.role === "user" && (at === -1 || i < at)
  );
  if (question === -1) return Promise.resolve();
  const messageId = before[question].id;
  model.messages.value = before.slice(0, question + 1);
  return core.startReply(
    (id) => core.api.regenerate(id, { model: model.model.peek(), messageId }),
    () => (model.messages.value = before),
    { branched: true },
  );
}

/** See `ChatModel.continueReply`. */
export function continueReply(
  core: ChatCore,
  reply: ChatMessage,
): Promise<void> {
  if (core.model.busy.peek()) return Promise.resolve();
  return core.startReply(
    (id) =>
      core.api.continue(id, {
        model: core.model.model.peek(),
        messageId: reply.id,
      }),
    () => {},
  );
}

/** See `ChatModel.showVersion`. */
export async function showVersion(
  core: ChatCore,
  message: ChatMessage,
  step: -1 | 1,
): Promise<void> {
  const { model } = core;
  const current = model.conversation.peek();
  const ids = message.siblingIds;
  if (!current || !ids || model.busy.peek()) return;
  const index = ids.indexOf(message.id) + step;
  const target = ids[index];
  if (target === undefined) return;
  try {
    const tree = await core.loadTree(current.id);
    const leafId = newestLeaf(childrenIndex(tree), target);
    await core.showBranch(tree, leafId);
    model.announcement.value = `Version ${index + 1} of ${ids.length}`;
    announce(core, await core.api.update(current.id, { leafId }));
  } catch (error) {
    core.fail(error);
  }
}

/** The conversation changed here: show it and tell the other tabs. */
function announce(core: ChatCore, updated: Conversation): void {
  core.model.conversation.value = updated;
  core.broadcast({ type: "conversation", conversation: updated });
}

/** See `ChatModel.saveEdit`. */
export function saveEdit(core: ChatCore): Promise<void> {
  const { model } = core;
  const edit = model.editing.peek();
  const content = edit?.text.trim() ?? "";
  const attachments = edit?.attachments ?? [];
  if (!edit || (!content && !attachments.length) || model.busy.peek()) {
    return Promise.resolve();
  }
  const before = model.messages.peek();
  const index = before.findIndex((m) => m.id === edit.id);
  if (index === -1) return Promise.resolve();
  const parentId = before[index].parentId;
  batch(() => {
    model.messages.value = [
      ...before.slice(0, index),
      { ...core.pendingMessage(content, attachments), parentId },
    ];
    model.editing.value = null;
  });
  // A new version beside the old message, which is kept; so are its files.
  const attachmentIds = attachments.length
    ? { attachmentIds: attachments.map((a) => a.id) }
    : {};
  return core.startReply(
    (id) =>
      core.api.send(
        id,
        core.withModel({ content, parentId, ...attachmentIds }),
      ),
    () => (model.messages.value = before),
    { branched: true },
  );
}

/** See `ChatModel.refreshModels`. */
export async function refreshModels(core: ChatCore): Promise<void> {
  if (core.modelsFresh) return;
  core.modelsFresh = true;
  try {
    const models = await core.api.models();
    if (models.length > 0) core.model.models.value = models;
  } catch {
    core.modelsFresh = false; // try again next time
  }
}

/** See `ChatModel.update`. */
export async function update(
  core: ChatCore,
  fields: ChatSettings,
): Promise<boolean> {
  const current = core.model.conversation.peek();
  if (!current) return false;
  try {
    announce(core, await core.api.update(current.id, fields));
    return true;
  } catch (error) {
    core.fail(error);
    return false;
  }
}

/** See `ChatModel.saveSettings`. */
export async function saveSettings(
  core: ChatCore,
  values: ChatSettings,
): Promise<boolean> {
  let saved: boolean;
  if (core.model.conversation.peek()) saved = await update(core, values);
  else {
    // Set before the first message: the conversation starts with them.
    try {
      await core.ensureConversation(values);
      saved = true;
    } catch (error) {
      core.fail(error);
      saved = false;
    }
  }
  if (saved) core.toast("success", "Settings saved.");
  return saved;
}

/** See `ChatModel.loadEarlier`. */
export async function loadEarlier(core: ChatCore): Promise<void> {
  const { model } = core;
  const current = model.conversation.peek();
  if (!current) return;
  try {
    const [data, render] = await Promise.all([
      core.api.read(current.id),
      core.renderer(),
    ]);
    const shown = new Set(model.messages.peek().map((m) => m.id));
    const branch = branchForShow(data.messages, data.conversation.leafId);
    const missing = branch.filter((m) => !shown.has(m.id))
      .map((m) => core.withHtml(m, render));
    batch(() => {
      model.messages.value = [...missing, ...model.messages.peek()];
      model.earlier.value = 0;
    });
  } catch (error) {
    core.fail(error);
  }
}

/** See `ChatModel.receive`. */
export async function receive(
  core: ChatCore,
  message: WorkspaceMessage,
): Promise<void> {
  const { model } = core;
  const current = model.conversation.peek();
  const id = current?.id;
  if (message.type === "conversation" && message.conversation.id === id) {
    const next = message.conversation;
    if (Date.parse(next.updatedAt) < Date.parse(current!.updatedAt)) return;
    const branch = next.leafId !== current!.leafId;
    batch(() => {
      model.conversation.value = next;
      if (next.model) model.model.value = next.model;
    });
    // Another version was picked there: show it here too.
    if (branch && !model.busy.peek()) {
      try {
        await core.resync(id!);
      } catch {
        // The next change or a reload shows it.
      }
    }
    return;
  }
  if (message.type !== "reply" || message.conversationId !== id) return;
  if (model.busy.peek()) return;
  core.resetSeq();
  try {
    await core.resync(id);
    // Its reply was not stored yet when the history was read.
    if (!model.busy.peek() && model.messages.peek().at(-1)?.role === "user") {
      await core.follow(id);
    }
  } catch {
    // The next change or a reload shows it.
  }
}

/**
 * These actions in one object, which `ChatModel` calls once the chat's
 * machinery (chat_engine.ts, which hands it on) has loaded.
 */
export const more = {
  continueReply,
  loadEarlier,
  receive,
  refreshModels,
  regenerate,
  saveEdit,
  saveSettings,
  showVersion,
  update,
};
