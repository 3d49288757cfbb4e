/**
 * Reads ChatGPT's `conversations.json` (its data export). Each conversation
 * there is a tree of messages (every edit or regenerate starts a branch);
 * what the person last saw is the branch ending at `current_node`, so that
 * is the one imported.
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

const MAX_BRANCH_NODES = IMPORT_LIMITS.treeNodes;

/**
 * The ids of the branch ending at `current_node`, root first. The file is
 * untrusted: `children` and `parent` links may form cycles, so every walk
 * keeps a visited set and stops after `IMPORT_LIMITS.treeNodes` steps.
 */
function currentBranch(
  mapping: Record<string, ChatGptNode>,
  current: unknown,
): string[] {
  const has = (id: unknown): id is string =>
    typeof id === "string" && Object.hasOwn(mapping, id) &&
    typeof mapping[id] === "object" && mapping[id] !== null;
  let id: string | null = has(current) ? current : null;
  if (id === null) {
    // No usable current node: follow the newest child from the root.
    const root = Object.keys(mapping).find((k) =>
      has(k) && !has(mapping[k].parent)
    );
    id = root ?? null;
    const walked = new Set<string>();
    while (id !== null && !walked.has(id) && walked.size < MAX_BRANCH_NODES) {
      walked.add(id);
      const children = mapping[id].children;
      const next = Array.isArray(children)
        ? children[children.length - 1]
        : undefined;
      if (!has(next) || walked.has(next)) break;
      id = next;
    }
  }
  const branch: string[] = [];
  const seen = new Set<string>();
  while (id !== null && !seen.has(id) && branch.length < MAX_BRANCH_NODES) {
    seen.add(id);
    branch.push(id);
    const parent = mapping[id].parent;
    id = has(parent) ? parent : null;
  }
  return branch.reverse();
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
  for (const id of currentBranch(mapping, value.current_node)) {
    const message = mapping[id]?.message;
    if (!message) continue;
    const role = message.author?.role;
    const hidden = message.metadata?.is_visually_hidden_from_conversation;
    const type = message.content?.content_type;
    const parts = Array.isArray(message.content?.parts)
      ? message.content.parts
      : [];
    const text = parts.filter((p): p is string => typeof p === "string")
      .join("\n").trim();
    if (hidden === true || (role === "system" && text === "")) continue;
    const at = `${where}, message ${messages.length + 1}`;
    if (role !== "user" && role !== "assistant" && role !== "system") {
      skipped.push({ item: at, reason: `a ${role ?? "unknown"} message` });
      continue;
    }
    if (type !== "text" && type !== "multimodal_text") {
      skipped.push({
        item: at,
        reason: `content of type "${type ?? "unknown"}" is not imported`,
      });
      continue;
    }
    if (parts.some((p) => typeof p !== "string")) {
      skipped.push({ item: at, reason: "attachments were left out" });
    }
    if (text === "") {
      skipped.push({ item: at, reason: "the message has no text" });
      continue;
    }
    const model = message.metadata?.model_slug;
    messages.push({
      role: role as Role,
      content: text,
      createdAt: isoFromSeconds(message.create_time) ?? fallbackTime,
      status: message.status === "in_progress" ? "interrupted" : "complete",
      model: role === "assistant" && typeof model === "string" ? model : null,
    });
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
    },
    messages,
  };
}
