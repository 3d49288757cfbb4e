import {
  CONVERSATION_BODY_BYTES,
  ConversationService,
} from "../../../lib/conversations/mod.ts";
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
    const query = ConversationService.listQuery(ctx.url.searchParams);
    return Response.json(await ctx.state.services.conversations.list(query));
  },

  async POST(ctx) {
    const body = await readJsonBody(ctx.req, {
      maxBytes: CONVERSATION_BODY_BYTES,
      optional: true,
    });
    const conversation = await ctx.state.services.conversations.create(body);
    return Response.json(conversation, {
      status: 201,
      headers: { location: `/api/conversations/${conversation.id}` },
    });
  },
});
