import { deletePreset } from "../../../lib/conversations/mod.ts";
import { define } from "../../../utils.ts";

/** `DELETE /api/presets/:id`: remove a preset → 204; 404 when unknown. */
export const handler = define.handlers({
  async DELETE(ctx) {
    await ctx.req.body?.cancel();
    await deletePreset(ctx.state.services.store, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
