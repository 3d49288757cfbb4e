/**
 * Reads ChatGPT's `conversations.json` (its data export). Each conversation
 * there is a tree of messages (every edit or regenerate starts a branch);
 * every branch is imported, and the one ending at `current_node` (what the
 * person last saw) is shown.
 *
 * @module
 */
import type { NewMessage, Role } from "./types.ts";
import type { ImportedConversation, ImportSkip } from "./import.ts";
import { IMPORT_LIMITS } from "./import_limits.ts";

interface ChatGptNode {
  id?: string;
  parent?: string | null;
  children?: string[];
  message?: {
    author?: { role?: string };
    create_time?: number | null;
    content?: { content_type?: string; parts?: unknown[] };
    status?: string;
    metadata?: Record<string, unknown>;
  } | null;
}

/** Whether a parsed JSON value looks like one ChatGPT conversation. */
export function isChatGptConversation(value: unknown): boolean {
  return typeof value === "object" && value !== null &&
    typeof (value as { mapping?: unknown }).mapping === "object" &&
    (value as { mapping?: unknown }).mapping !== null;
}

function isoFromSeconds(value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) return undefined;
  const date = new Date(value * 1000);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Most messages read from one conversation's tree. */
const MAX_TREE_NODES = IMPORT_LIMITS.treeNodes;

/**
 * Every node id, a parent before its children (children in their order),
 * and the one to show: `current_node` when it is there. The file is
 * untrusted: `children` and `parent` links may form cycles, so the walk
 * keeps a visited set and stops after {@linkcode MAX_TREE_NODES} nodes.
 */
function treeOrder(
  mapping: Record<string, ChatGptNode>,
  current: unknown,
): { order: string[]; shown: string | undefined } {
  const has = (id: unknown): id is string =>
    typeof id === "string" && Object.hasOwn(mapping, id) &&
    typeof mapping[id] === "object" && mapping[id] !== null;
  const roots = Object.keys(mapping).filter((k) =>
    has(k) && !has(mapping[k].parent)
  );
  // Nodes no root reaches (parents in a ring) start walks of their own.
  const rest = Object.keys(mapping).filter(has);
  const order: string[] = [];
  const seen = new Set<string>();
  const stack = roots.reverse();
  let restAt = 0;
  while (order.length < MAX_TREE_NODES) {
    if (stack.length === 0) {
      while (restAt < rest.length && seen.has(rest[restAt])) restAt++;
      if (restAt === rest.length) break;
      stack.push(rest[restAt]);
    }
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    const children = mapping[id].children;
    if (!Array.isArray(children)) continue;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      // Only a child that names this node as its parent: no cross links.
      if (has(child) && !seen.has(child) && mapping[child].parent === id) {
        stack.push(child);
      }
    }
  }
  return {
    order,
    shown: has(current) && seen.has(current) ? current : undefined,
  };
}

/** Convert one ChatGPT conversation; what cannot be kept goes to `skipped`. */
export function fromChatGpt(
  value: Record<string, unknown>,
  label: string,
  skipped: ImportSkip[],
): ImportedConversation | null {
  const mapping = value.mapping as Record<string, ChatGptNode>;
  const title = typeof value.title === "string" && value.title.trim()
    ? value.title
    : "Imported conversation";
  const where = `${label} "${title.slice(0, 60)}"`;
  let nodes = 0;
  for (const _ in mapping) {
    if (++nodes > IMPORT_LIMITS.treeNodes) {
      skipped.push({
        item: where,
        reason: `it has more than ${IMPORT_LIMITS.treeNodes} messages`,
      });
      return null;
    }
  }
  const messages: NewMessage[] = [];
  const fallbackTime = isoFromSeconds(value.create_time);
  const { order, shown } = treeOrder(mapping, value.current_node);
  /** Node id → the nearest node kept at or above it (its stand-in). */
  const keptAt = new Map<string, string | null>();
  const skip = (id: string) => {
    const parent = mapping[id].parent;
    keptAt.set(
      id,
      typeof parent === "string" ? keptAt.get(parent) ?? null : null,
    );
  };
  for (const id of order) {
    const message = mapping[id]?.message;
    if (!message) {
      skip(id);
      continue;
    }
    const role = message.author?.role;
    const hidden = message.metadata?.is_visually_hidden_from_conversation;
    const type = message.content?.content_type;
    const parts = Array.isArray(message.content?.parts)
      ? message.content.parts
      : [];
    const text = parts.filter((p): p is string => typeof p === "string")
      .join("\n").trim();
    if (hidden === true || (role === "system" && text === "")) {
      skip(id);
      continue;
    }
    const at = `${where}, message ${messages.length + 1}`;
    if (role !== "user" && role !== "assistant" && role !== "system") {
      skipped.push({ item: at, reason: `a ${role ?? "unknown"} message` });
      skip(id);
      continue;
    }
    if (type !== "text" && type !== "multimodal_text") {
      skipped.push({
        item: at,
        reason: `content of type "${type ?? "unknown"}" is not imported`,
      });
      skip(id);
      continue;
    }
    if (parts.some((p) => typeof p !== "string")) {
      skipped.push({ item: at, reason: "attachments were left out" });
    }
    if (text === "") {
      skipped.push({ item: at, reason: "the message has no text" });
      skip(id);
      continue;
    }
    const model = message.metadata?.model_slug;
    const parent = mapping[id].parent;
    messages.push({
      id,
      parentId: typeof parent === "string" ? keptAt.get(parent) ?? null : null,
      role: role as Role,
      content: text,
      createdAt: isoFromSeconds(message.create_time) ?? fallbackTime,
      status: message.status === "in_progress" ? "interrupted" : "complete",
      model: role === "assistant" && typeof model === "string" ? model : null,
    });
    keptAt.set(id, id);
  }
  if (messages.length === 0) {
    skipped.push({ item: where, reason: "it has no messages to import" });
    return null;
  }
  return {
    source: where,
    conversation: {
      title: title.replace(/\s+/g, " ").trim().slice(0, 200),
      createdAt: isoFromSeconds(value.create_time),
      updatedAt: isoFromSeconds(value.update_time),
      leafId: shown === undefined ? undefined : keptAt.get(shown) ?? undefined,
    },
    messages,
  };
}
