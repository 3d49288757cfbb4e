import { page } from "fresh";
import { answerFor, errorJson, logUnexpected } from "../lib/error_response.ts";
import { define } from "../utils.ts";

/**
 * Errors no folder's `_error` took: paths that match no route, wrong
 * methods, and errors of pages. Under /api the answer is JSON (as from
 * `api/_error.ts`), elsewhere a page a person can read.
 */
export const handler = define.handlers((ctx) => {
  if (ctx.url.pathname === "/api" || ctx.url.pathname.startsWith("/api/")) {
    return errorJson(ctx.error);
  }
  logUnexpected(ctx.error);
  return page();
});

/** Error page for every path outside /api: a person-friendly message. */
export default define.page<typeof handler>(function ErrorPage({ error }) {
  const { status, message } = answerFor(error);
  const title = status === 404
    ? "Page not found"
    : status < 500
    ? "That request did not work"
    : "Something went wrong";
  const detail = status === 404
    ? "The page you asked for does not exist. It may have been deleted."
    : status < 500
    ? message
    : "The server ran into a problem. Your conversations are safe; try again in a moment.";
  return (
    <main class="flex min-h-dvh flex-col items-center justify-center gap-4 p-6 text-center">
      <p class="text-6xl font-bold text-primary">{status}</p>
      <h1 class="text-2xl font-semibold">{title}</h1>
      <p class="max-w-md text-base-content/70">{detail}</p>
      <a href="/" class="btn btn-primary">Back to your chats</a>
    </main>
  );
});
