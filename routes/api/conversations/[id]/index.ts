import { CONVERSATION_BODY_BYTES } from "../../../../lib/conversations/mod.ts";
import { conversationIdFrom, readJsonBody } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/conversations/:id`: `{ conversation, messages }`, every message
 * of the tree (each with its `parentId`; `conversation.leafId` says which
 * branch is shown).
 * `PATCH` `{ title?, pinned?, model?, systemPrompt?, temperature?, leafId? }`:
 * the updated conversation. `DELETE`: stop its reply, move it to the trash → 204.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const id = conversationIdFrom(ctx.params);
    return Response.json(await ctx.state.services.conversations.read(id));
  },

  async PATCH(ctx) {
    const id = conversationIdFrom(ctx.params);
    const body = await readJsonBody(ctx.req, {
      maxBytes: CONVERSATION_BODY_BYTES,
    });
    return Response.json(
      await ctx.state.services.conversations.update(id, body),
    );
  },

  async DELETE(ctx) {
    const id = conversationIdFrom(ctx.params);
    await ctx.req.body?.cancel();
    await ctx.state.services.conversations.delete(id);
    return new Response(null, { status: 204 });
  },
});
