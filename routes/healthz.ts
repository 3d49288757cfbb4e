import { liveness } from "../lib/health.ts";
import { define } from "../utils.ts";

/** `GET /healthz`: the process is alive (JSON, no login, never cached). */
export const handler = define.handlers({
  GET(ctx) {
    const { config, chat } = ctx.state.services;
    const answer = liveness({
      store: config.store,
      running: chat.runningCount,
    });
    return Response.json(answer.body, {
      status: answer.status,
      headers: { "Cache-Control": "no-store" },
    });
  },
});
