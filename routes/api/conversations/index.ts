import { explainMatches } from "../../../lib/conversations/mod.ts";
import { readJsonBody } from "../../../lib/http.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/conversations?q=&cursor=&limit=`: pinned first, then most
 * recent; `q` searches titles and message text (a conversation found by
 * a message carries `match`: that message's id and a snippet around the
 * match); `nextCursor` pages on.
 * `POST /api/conversations` `{ title?, model?, systemPrompt?, temperature?,
 * pinned? }`: create one → 201 with the conversation.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const params = ctx.url.searchParams;
    const q = params.get("q") ?? undefined;
    const { store } = ctx.state.services;
    const page = await store.listConversations({
      q,
      cursor: params.get("cursor") || undefined,
      limit: params.has("limit") ? Number(params.get("limit")) : undefined,
    });
    return Response.json({
      ...page,
      conversations: await explainMatches(store, page.conversations, q),
    });
  },

  async POST(ctx) {
    const body = await readJsonBody(ctx.req, {
      maxBytes: 256 * 1024,
      optional: true,
    });
    const conversation = await ctx.state.services.store.createConversation(
      body,
    );
    return Response.json(conversation, {
      status: 201,
      headers: { location: `/api/conversations/${conversation.id}` },
    });
  },
});
