import { HttpError } from "fresh";
import { AppError } from "../lib/errors.ts";
import { define } from "../utils.ts";

/**
 * Library errors carry the HTTP status they mean (404 unknown id, 400 bad
 * field, 409 busy, …); here they become `HttpError`s for `_error.ts`.
 */
export const handler = define.middleware(async (ctx) => {
  try {
    return await ctx.next();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      throw new HttpError(error.status, error.message, { cause: error });
    }
    throw error;
  }
});
