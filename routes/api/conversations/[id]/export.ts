import { conversationIdFrom } from "../../../../lib/http.ts";
import {
  checkExportFormat,
  exportConversation,
} from "../../../../lib/store/mod.ts";
import { define } from "../../../../utils.ts";

/**
 * `GET /api/conversations/:id/export?format=csv|md|json` (default json):
 * the conversation as a file download.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const id = conversationIdFrom(ctx.params);
    const format = checkExportFormat(
      ctx.url.searchParams.get("format") ?? undefined,
    );
    const { store } = ctx.state.services;
    const conversation = await store.getConversation(id);
    const messages = await store.listMessages(id);
    const file = exportConversation(conversation, messages, format);
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
