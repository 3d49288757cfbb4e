/**
 * What the workspace pages (`/` and `/c/:id`) load on the server: the
 * first page of the sidebar, the models, and for a conversation its
 * messages with assistant markdown rendered to HTML. Kept out of the route
 * files so they stay thin.
 *
 * @module
 */
import { branchForShow } from "./api/message_tree.ts";
import { withPageOnlyHtml } from "./client/server_html.ts";
import type { WorkspaceData } from "./client/workspace_data.ts";
import { type DamageNotice, damageNotices } from "./store/mod.ts";
import { explainMatches, listTrash } from "./conversations/mod.ts";
import type { Services } from "./services.ts";
import type { Conversation } from "./store/types.ts";

export type { WorkspaceData };

/**
 * How many of the latest messages the page renders; earlier ones load on
 * request, so a very long conversation opens as fast as a short one.
 */
export const INITIAL_MESSAGES = 100;

/**
 * Load the sidebar, models and (when `id` is given) one conversation, or
 * (with `trash`) the trash.
 */
export async function loadWorkspace(
  services: Services,
  options: { id?: string; query?: string; trash?: boolean } = {},
): Promise<WorkspaceData> {
  const query = options.query ?? "";
  const [page, models, open, trash, presets] = await Promise.all([
    services.store.listConversations({ q: query || undefined }),
    services.models.listModels(),
    // Through the service: one still "New chat" is named on opening.
    options.id ? services.conversations.read(options.id) : null,
    options.trash
      ? listTrash(services.store, { days: services.config.trashDays })
      : null,
    options.id ? [] : services.store.presets.listPresets(),
  ]);
  const conversation = open?.conversation ?? null;
  // The list was read alongside: show a title given on opening there too.
  const listed = page.conversations.map((c) =>
    c.id === conversation?.id ? { ...c, title: conversation.title } : c
  );
  const messages = branchForShow(
    open?.messages ?? [],
    conversation?.leafId ?? null,
  );
  const shown = messages.slice(-INITIAL_MESSAGES);
  // The renderer (markdown-it and its helpers) loads with the first page
  // that shows a reply, not with every start-up's first page.
  const markdown = shown.some((m) => m.role === "assistant")
    ? await import("./markdown/mod.ts")
    : null;
  const notices = damageNotices(
    [...services.store.problems(), ...open?.problems ?? []],
    conversation?.id ?? null,
  );
  return {
    conversations: await explainMatches(services.store, listed, {
      q: query,
      known: page.matches,
    }),
    nextCursor: page.nextCursor,
    query,
    models: models.map((m) => ({
      id: m.id,
      name: m.name,
      providerLabel: m.providerLabel,
      images: m.images,
    })),
    defaultModel: lastUsedModel(listed, models) ??
      services.models.defaultModel,
    canLogOut: services.auth !== null,
    conversation,
    // Replies' HTML goes into the page once; the island takes it from there.
    messages: shown.map((m) =>
      m.role === "assistant"
        ? withPageOnlyHtml(m, markdown!.renderMarkdown(m.content))
        : m
    ),
    earlierCount: Math.max(0, messages.length - INITIAL_MESSAGES),
    trash,
    presets,
    notices: uniqueNotices(notices),
    unreadable: (open?.problems ?? []).filter((p) => p.kind === "damaged")
      .map((p) => ({
        file: p.file,
        line: p.line,
        afterMessageId: p.afterMessageId ?? null,
      })),
  };
}

/** The store's list and the conversation's own may both hold a problem. */
function uniqueNotices(notices: DamageNotice[]): DamageNotice[] {
  const seen = new Set<string>();
  return notices.filter((n) => {
    const key = `${n.file}:${n.line}:${n.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The model of the most recently active conversation, if it can still be
 * used: a new chat starts with the model last used, not always the
 * server's default.
 */
export function lastUsedModel(
  conversations: readonly Conversation[],
  available: readonly { id: string }[],
): string | undefined {
  let latest: Conversation | undefined;
  for (const c of conversations) {
    if (c.model && (!latest || c.updatedAt > latest.updatedAt)) latest = c;
  }
  const model = latest?.model;
  return model && available.some((m) => m.id === model) ? model : undefined;
}
