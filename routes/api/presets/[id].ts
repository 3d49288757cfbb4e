import {
  changePreset,
  deletePreset,
  PRESET_BODY_BYTES,
} from "../../../lib/conversations/mod.ts";
import { readJsonBody } from "../../../lib/http.ts";
import { define } from "../../../utils.ts";

/**
 * `PATCH /api/presets/:id` `{ name?, model?, systemPrompt?, temperature? }`:
 * rename or change a preset → 200 with it. `DELETE /api/presets/:id`:
 * remove it → 204. Both 404 when unknown.
 */
export const handler = define.handlers({
  async PATCH(ctx) {
    const body = await readJsonBody(ctx.req, { maxBytes: PRESET_BODY_BYTES });
    const preset = await changePreset(
      ctx.state.services.store,
      ctx.params.id,
      body,
    );
    return Response.json(preset);
  },

  async DELETE(ctx) {
    await ctx.req.body?.cancel();
    await deletePreset(ctx.state.services.store, ctx.params.id);
    return new Response(null, { status: 204 });
  },
});
