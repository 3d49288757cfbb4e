/**
 * One error type for everything that can go wrong talking to a model, with
 * a message a person can act on instead of a stack of SDK internals: its
 * first line is one short sentence saying what happened and what to do
 * ("Could not reach the model server at 127.0.0.1:8150. Is it running?");
 * the lines after it, when any, are the technical details, which the page
 * shows behind a disclosure. The chat service stores it with the reply.
 *
 * @module
 */
import { APICallError } from "@ai-sdk/provider";
import { AppError } from "../errors.ts";

/** What went wrong, for code that needs to branch (tests, logs, retries). */
export type ProviderErrorKind =
  | "auth"
  | "model-not-found"
  | "rate-limit"
  | "server"
  | "bad-request"
  | "connect"
  | "connect-timeout"
  | "idle-timeout"
  | "malformed"
  | "cut"
  | "empty"
  | "not-a-stream"
  | "unknown";

/** Options of {@linkcode ProviderError}. */
export interface ProviderErrorOptions extends ErrorOptions {
  /** HTTP status the provider answered with, when it answered. */
  providerStatus?: number;
  /** Seconds the provider asked to wait (429 `retry-after`). */
  retryAfterSeconds?: number;
  /** Technical details (the provider's own words), after the sentence. */
  detail?: string;
}

/**
 * A model call failed; `message` is ready to show to a person: a sentence,
 * then (on the next lines) the details.
 */
export class ProviderError extends AppError {
  /** The category of the failure. */
  readonly kind: ProviderErrorKind;
  /** HTTP status the provider answered with, when it answered. */
  readonly providerStatus?: number;
  /** Seconds the provider asked to wait, for rate limits. */
  readonly retryAfterSeconds?: number;

  /** Create an error of `kind` with a human message. */
  constructor(
    kind: ProviderErrorKind,
    message: string,
    options: ProviderErrorOptions = {},
  ) {
    const detail = options.detail?.trim();
    super(
      detail && detail !== message ? `${message}\n${detail}` : message,
      kind === "rate-limit" ? 429 : 502,
      options,
    );
    this.name = "ProviderError";
    this.kind = kind;
    this.providerStatus = options.providerStatus;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Raised by the guarded fetch when the provider is too slow. */
export class ProviderTimeoutError extends Error {
  /** `connect`: no response headers in time; `idle`: no bytes between chunks. */
  readonly phase: "connect" | "idle";
  /** The limit that was exceeded, in milliseconds. */
  readonly ms: number;

  /** Create a timeout error for `phase` after `ms` milliseconds. */
  constructor(phase: "connect" | "idle", ms: number) {
    super(
      phase === "connect"
        ? `The provider did not answer within ${seconds(ms)}.`
        : `The provider stopped sending for ${
          seconds(ms)
        } in the middle of the reply.`,
    );
    this.name = "TimeoutError";
    this.phase = phase;
    this.ms = ms;
  }
}

function seconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

/** Whether `error` is an abort (stop pressed, shutdown), not a failure. */
export function isAbort(error: unknown): boolean {
  return error instanceof Error &&
    (error.name === "AbortError" || error.name === "ResponseAborted");
}

function findCause<T>(
  error: unknown,
  test: (e: unknown) => e is T,
): T | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current !== undefined && current !== null && !seen.has(current)) {
    if (test(current)) return current;
    seen.add(current);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function bodyMessage(body: string | undefined): string {
  if (!body) return "";
  try {
    const data = JSON.parse(body);
    const msg = data?.error?.message ?? data?.message ?? data?.error;
    if (typeof msg === "string" && msg.trim()) return msg.trim().slice(0, 300);
  } catch { /* not JSON */ }
  return body.trim().slice(0, 300);
}

function retryAfter(headers: Record<string, string> | undefined) {
  const raw = headers?.["retry-after"];
  if (!raw) return undefined;
  const n = Number(raw);
  if (Number.isFinite(n) && n >= 0) return Math.ceil(n);
  const at = Date.parse(raw);
  return Number.isNaN(at)
    ? undefined
    : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

function fromStatus(error: APICallError, modelId: string): ProviderError {
  const status = error.statusCode!;
  if (status < 400) {
    // The reply had started; reading the rest of it failed.
    return new ProviderError(
      "cut",
      "The connection to the provider was cut in the middle of the reply.",
      { cause: error, providerStatus: status },
    );
  }
  const detail = bodyMessage(error.responseBody) || error.message;
  const opts = { cause: error, providerStatus: status, detail };
  if (status === 401 || status === 403) {
    return new ProviderError(
      "auth",
      `The model server rejected the API key (HTTP ${status}). Check the key it was given.`,
      opts,
    );
  }
  if (status === 404) {
    return new ProviderError(
      "model-not-found",
      `The model server does not know the model "${modelId}" (HTTP 404). Pick another model.`,
      opts,
    );
  }
  if (status === 429) {
    const wait = retryAfter(error.responseHeaders);
    const when = wait === undefined
      ? "try again in a moment"
      : `retry after ${wait} s`;
    return new ProviderError(
      "rate-limit",
      `The model server is rate-limiting requests (HTTP 429); ${when}.`,
      { ...opts, retryAfterSeconds: wait },
    );
  }
  if (status >= 500) {
    return new ProviderError(
      "server",
      `The model server had a server error (HTTP ${status}). Try again in a moment.`,
      opts,
    );
  }
  return new ProviderError(
    "bad-request",
    `The model server refused the request (HTTP ${status}). Check the conversation's settings.`,
    opts,
  );
}

/**
 * Turn whatever a provider call threw (SDK error, timeout, parse error,
 * network error) into a {@linkcode ProviderError} with a clear message.
 * `modelId` is named in "unknown model" messages.
 */
export function toProviderError(
  error: unknown,
  modelId: string,
): ProviderError {
  if (error instanceof ProviderError) return error;
  const timeout = findCause(
    error,
    (e): e is ProviderTimeoutError => e instanceof ProviderTimeoutError,
  );
  if (timeout) {
    return new ProviderError(
      timeout.phase === "connect" ? "connect-timeout" : "idle-timeout",
      timeout.phase === "connect"
        ? `${timeout.message} Is it overloaded? Try again.`
        : `${timeout.message} Try again.`,
      { cause: error },
    );
  }
  const apiError = findCause(
    error,
    (e): e is APICallError => APICallError.isInstance(e),
  );
  if (apiError?.statusCode !== undefined) return fromStatus(apiError, modelId);
  const name = (error as Error)?.name ?? "";
  if (
    name === "AI_JSONParseError" || name === "AI_TypeValidationError" ||
    findCause(error, (e): e is SyntaxError => e instanceof SyntaxError) ||
    // The Anthropic SDK's words for a first event it could not parse.
    /expected a normalized \w+ stream error/i.test((error as Error)?.message)
  ) {
    return new ProviderError(
      "malformed",
      "The model server sent a malformed chunk; the reply was cut short. Try again.",
      { cause: error, detail: (error as Error)?.message },
    );
  }
  if (apiError) {
    const host = safeHost(apiError.url);
    return new ProviderError(
      "connect",
      `Could not reach the model server${host ? ` at ${host}` : ""}. ` +
        "Is it running?",
      {
        cause: error,
        detail: (apiError.cause as Error)?.message ?? apiError.message,
      },
    );
  }
  if (findCause(error, (e): e is Error => e instanceof Error && isNetwork(e))) {
    return new ProviderError(
      "cut",
      "The connection to the model server was cut in the middle of the reply. Try again.",
      { cause: error, detail: (error as Error).message },
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ProviderError(
    "unknown",
    "The model call failed. Try again, or pick another model.",
    { cause: error, detail: message },
  );
}

function isNetwork(e: Error): boolean {
  return /connection|reset|closed|network|socket|body|incomplete|eof/i.test(
    `${e.name} ${e.message}`,
  );
}

function safeHost(url: string | undefined): string {
  try {
    return url ? new URL(url).host : "";
  } catch {
    return "";
  }
}
