/**
 * The one mapping from an error to what a person is told: its status and
 * message, as JSON for the API and as words on the error page. Both error
 * routes call it, so the answer is the same whichever error route the
 * framework picks (Fresh 2 lets the nearest folder's `_error` catch first).
 *
 * @module
 */
import { HttpError } from "fresh";
import type { ErrorBody } from "./api/mod.ts";
import { AppError, ConflictError } from "./errors.ts";

/** What to answer for an error. */
export interface ErrorAnswer {
  status: number;
  /** A sentence for a person; never internal details. */
  message: string;
  /** False for a bug or a failure nobody planned for (logged with stack). */
  expected: boolean;
}

const GENERIC = "The server ran into a problem. Please try again.";

const HTTP_MESSAGES: Record<number, string> = {
  // csrf(): a write that a page of another site (or port) sent.
  403:
    "This request came from another site, so it was refused. Use the app's own page.",
  404: "No such API endpoint.",
  405: "This endpoint does not accept that method.",
};

/** Status and message for any error thrown while handling a request. */
export function answerFor(error: unknown): ErrorAnswer {
  if (error instanceof AppError) {
    // The app's own errors carry a message meant for people, 5xx too
    // ("The server is shutting down.").
    return { status: error.status, message: error.message, expected: true };
  }
  if (error instanceof HttpError) {
    const status = error.status;
    const message = status >= 500
      ? GENERIC
      : error.message || HTTP_MESSAGES[status] || "That request did not work.";
    return { status, message, expected: status < 500 };
  }
  return { status: 500, message: GENERIC, expected: false };
}

/** Log an error that nobody planned for, once, where it is answered. */
export function logUnexpected(error: unknown, answer = answerFor(error)) {
  if (!answer.expected) console.error(error);
}

/** `{ "error": message }` with the error's status; logs the unexpected. */
export function errorJson(error: unknown): Response {
  const answer = answerFor(error);
  logUnexpected(error, answer);
  const body: ErrorBody = { error: answer.message };
  if (error instanceof ConflictError && error.reason) {
    body.reason = error.reason;
  }
  return Response.json(body, { status: answer.status });
}
