import { HttpError } from "fresh";
import { define } from "../../utils.ts";

/** Errors under /api are JSON: `{ "error": "…" }` with the right status. */
export const handler = define.handlers((ctx) => {
  const error = ctx.error;
  const status = error instanceof HttpError ? error.status : 500;
  let message = "The server ran into a problem. Please try again.";
  if (
    status === 404 && error instanceof HttpError &&
    error.message === "Not Found"
  ) {
    message = "No such API endpoint.";
  } else if (
    status === 403 && error instanceof HttpError &&
    error.message === "Forbidden"
  ) {
    // csrf(): a write that a page of another site (or port) sent.
    message =
      "This request came from another site, so it was refused. Use the app's own page.";
  } else if (status < 500 && error instanceof Error) {
    message = error.message;
  }
  return Response.json({ error: message }, { status });
});
