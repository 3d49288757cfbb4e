import { conversationIdFrom } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/conversations/:id/export?format=csv|md|json&branch=shown|all`
 * (default json, shown): the conversation as a file download. JSON holds
 * the whole tree; CSV and Markdown the shown branch, or with `branch=all`
 * every message with its parent.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const file = await ctx.state.services.conversations.export(
      conversationIdFrom(ctx.params),
      ctx.url.searchParams.get("format") ?? undefined,
      { branch: ctx.url.searchParams.get("branch") ?? undefined },
    );
    return new Response(file.body, {
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.filename}"`,
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  },
});
