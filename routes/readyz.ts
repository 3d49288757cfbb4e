import { readiness } from "../lib/health.ts";
import { define } from "../utils.ts";

/** `GET /readyz`: the store answers (JSON, no login, 503 when not). */
export const handler = define.handlers({
  async GET(ctx) {
    const { config, store } = ctx.state.services;
    const answer = await readiness(store, { store: config.store });
    return Response.json(answer.body, {
      status: answer.status,
      headers: { "Cache-Control": "no-store" },
    });
  },
});
