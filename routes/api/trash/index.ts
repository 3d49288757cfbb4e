import { listTrash } from "../../../lib/conversations/mod.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/trash`: `{ conversations, trashDays }`, the deleted
 * conversations, most recent first (expired ones are removed first).
 * `DELETE /api/trash`: empty the trash for good → `{ deleted: n }`.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const { store, config } = ctx.state.services;
    return Response.json(await listTrash(store, { days: config.trashDays }));
  },

  async DELETE(ctx) {
    await ctx.req.body?.cancel();
    const deleted = await ctx.state.services.store.emptyTrash();
    return Response.json({ deleted });
  },
});
