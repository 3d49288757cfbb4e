import { conversationIdFrom, readJsonBody } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/conversations/:id`: `{ conversation, messages }`.
 * `PATCH` `{ title?, pinned?, model?, systemPrompt?, temperature? }`: the
 * updated conversation. `DELETE`: stop its reply, move it to the trash → 204.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const id = conversationIdFrom(ctx.params);
    return Response.json(
      await ctx.state.services.store.readConversation(id),
    );
  },

  async PATCH(ctx) {
    const id = conversationIdFrom(ctx.params);
    const body = await readJsonBody(ctx.req, { maxBytes: 256 * 1024 });
    return Response.json(
      await ctx.state.services.store.updateConversation(id, body),
    );
  },

  async DELETE(ctx) {
    const id = conversationIdFrom(ctx.params);
    const { store, chat } = ctx.state.services;
    await ctx.req.body?.cancel();
    await store.getConversation(id);
    await chat.stop(id);
    await store.deleteConversation(id);
    return new Response(null, { status: 204 });
  },
});
