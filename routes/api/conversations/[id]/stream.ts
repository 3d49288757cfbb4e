import { parseAfter, streamResponse } from "../../../../lib/chat/mod.ts";
import { ValidationError } from "../../../../lib/errors.ts";
import { conversationIdFrom } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/conversations/:id/stream?after=SEQ`: reattach to the running
 * reply (or one that just finished): the events after SEQ, then live.
 * 204 when no reply is there to follow.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const id = conversationIdFrom(ctx.params);
    const after = parseAfter(ctx.url.searchParams.get("after"));
    if (after === undefined) {
      throw new ValidationError("after must be a whole number ≥ -1", {
        field: "after",
      });
    }
    const run = await ctx.state.services.conversations.runningReply(id);
    if (run) return streamResponse(run, after);
    return new Response(null, { status: 204 });
  },
});
