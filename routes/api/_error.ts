import { errorJson } from "../../lib/error_response.ts";
import { define } from "../../utils.ts";

/** Errors of /api routes are JSON: `{ "error": "…" }` with their status. */
export const handler = define.handlers((ctx) => errorJson(ctx.error));
