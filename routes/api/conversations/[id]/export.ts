import { conversationIdFrom } from "../../../../lib/http.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/conversations/:id/export?format=csv|md|json` (default json):
 * the conversation as a file download.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const file = await ctx.state.services.conversations.export(
      conversationIdFrom(ctx.params),
      ctx.url.searchParams.get("format") ?? undefined,
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
