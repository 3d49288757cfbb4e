import { define } from "../../../utils.ts";

/**
 * `GET /api/trash`: `{ conversations, trashDays }`, the deleted
 * conversations, most recent first (expired ones are removed first).
 * `DELETE /api/trash`: empty the trash for good → `{ deleted: n }`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    return Response.json(await ctx.state.services.conversations.trash());
  },

  async DELETE(ctx) {
    await ctx.req.body?.cancel();
    const deleted = await ctx.state.services.conversations.emptyTrash();
    return Response.json({ deleted });
  },
});
