import {
  createPreset,
  PRESET_BODY_BYTES,
} from "../../../lib/conversations/mod.ts";
import { readJsonBody } from "../../../lib/http.ts";
import { define } from "../../../utils.ts";

/**
 * `GET /api/presets`: `{ presets }`, by name. `POST /api/presets`
 * `{ name, model?, systemPrompt?, temperature? }`: save one → 201.
 */
export const handler = define.handlers({
  async GET(ctx) {
    const presets = await ctx.state.services.store.presets.listPresets();
    return Response.json({ presets });
  },

  async POST(ctx) {
    const body = await readJsonBody(ctx.req, { maxBytes: PRESET_BODY_BYTES });
    const preset = await createPreset(ctx.state.services.store, body);
    return Response.json(preset, { status: 201 });
  },
});
