/**
 * One streamed model reply, as the chat service wants it: plain text pieces
 * then a finish with usage, or a thrown {@linkcode ProviderError} with a
 * clear message. It drives the AI SDK language model (specification v4)
 * directly: `streamText` adds per-chunk work (steps, tool plumbing, several
 * stream copies) that costs about a sixth of relay throughput, and a chat
 * reply uses none of it.
 *
 * @module
 */
import type {
  LanguageModelV4,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import { isAbort, ProviderError, toProviderError } from "./provider_error.ts";
import { fileParts, type TurnFile } from "./turn_files.ts";

/** One earlier turn of the conversation. */
export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
  /** Files attached to a person's turn, sent after its text. */
  files?: TurnFile[];
}

/** What to send to the model. */
export interface ReplyRequest {
  /** Instructions placed before the conversation; empty for none. */
  system?: string;
  /** The conversation so far, oldest first, ending with the user's message. */
  messages: ChatTurn[];
  /** Sampling temperature; undefined keeps the provider default. */
  temperature?: number;
  /** Cap on generated tokens. */
  maxOutputTokens?: number;
  /** Stops the call and closes the provider connection. */
  abortSignal?: AbortSignal;
}

/** Token counts a provider reported; undefined when it did not say. */
export interface ReplyUsage {
  inputTokens?: number;
  outputTokens?: number;
}

/** A piece of the reply. */
export type ReplyPart =
  | { type: "text"; text: string }
  | { type: "finish"; finishReason: string; usage: ReplyUsage };

/** Build the SDK prompt from a system prompt and plain-text turns. */
export function toPrompt(request: ReplyRequest): LanguageModelV4Prompt {
  const prompt: LanguageModelV4Prompt = [];
  if (request.system?.trim()) {
    prompt.push({ role: "system", content: request.system });
  }
  for (const turn of request.messages) {
    if (turn.role === "user" && turn.files?.length) {
      prompt.push({
        role: "user",
        content: [
          ...(turn.content === "" ? [] : [{
            type: "text" as const,
            text: turn.content,
          }]),
          ...fileParts(turn.files),
        ],
      });
      continue;
    }
    prompt.push({
      role: turn.role,
      content: [{ type: "text", text: turn.content }],
    });
  }
  return prompt;
}

function toUsage(usage: LanguageModelV4Usage | undefined): ReplyUsage {
  return {
    inputTokens: usage?.inputTokens.total,
    outputTokens: usage?.outputTokens.total,
  };
}

function cut(cause?: unknown): ProviderError {
  return new ProviderError(
    "cut",
    "The connection to the provider was cut in the middle of the reply.",
    { cause },
  );
}

/**
 * What to say when a stream ended without its finish: an answer that was
 * no reply stream at all (an HTML page: a wrong base URL, a proxy's login
 * page), an empty one, or a reply cut short.
 */
function endedEarly(opened: Opened, sawText: boolean): ProviderError {
  const type = opened.contentType;
  if (type && !/event-stream|json|ndjson/.test(type)) {
    return new ProviderError(
      "not-a-stream",
      `The model server answered with a ${type} page instead of a reply ` +
        "(HTTP 200). Check that its base URL is the API's address " +
        "(it usually ends in /v1).",
    );
  }
  if (!sawText) {
    return new ProviderError(
      "empty",
      "The model server answered but sent no reply at all (an empty " +
        "stream). Try again, or pick another model.",
    );
  }
  return cut();
}

function isEndedWithoutFinish(error: unknown): boolean {
  return error instanceof Error &&
    /ended without a finish/i.test(error.message);
}

function partError(part: { error: unknown }, modelId: string): ProviderError {
  const error = part.error;
  if (isEndedWithoutFinish(error)) return cut(error);
  if (error instanceof Error) return toProviderError(error, modelId);
  const detail = (error as { message?: unknown })?.message;
  return new ProviderError(
    "server",
    `The provider reported an error: ${
      typeof detail === "string" ? detail : JSON.stringify(error)
    }`,
    { cause: error },
  );
}

/** An open reply stream and what the server said it was sending. */
interface Opened {
  reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>;
  /** The response's media type (`text/event-stream`), when known. */
  contentType: string | undefined;
}

async function open(
  model: LanguageModelV4,
  request: ReplyRequest,
): Promise<Opened> {
  const signal = request.abortSignal;
  try {
    const { stream, response } = await model.doStream({
      prompt: toPrompt(request),
      temperature: request.temperature,
      maxOutputTokens: request.maxOutputTokens,
      abortSignal: signal,
    });
    const headers = response?.headers ?? {};
    const type = Object.entries(headers).find(([k]) =>
      k.toLowerCase() === "content-type"
    )?.[1];
    return {
      reader: stream.getReader(),
      contentType: type?.split(";")[0].trim().toLowerCase(),
    };
  } catch (error) {
    if (signal?.aborted || isAbort(error)) throw signal?.reason ?? error;
    throw toProviderError(error, model.modelId);
  }
}

async function read(
  reader: ReadableStreamDefaultReader<LanguageModelV4StreamPart>,
  signal: AbortSignal | undefined,
  modelId: string,
): Promise<LanguageModelV4StreamPart | undefined> {
  try {
    const result = await reader.read();
    return result.done ? undefined : result.value;
  } catch (error) {
    if (signal?.aborted || isAbort(error)) throw signal?.reason ?? error;
    throw toProviderError(error, modelId);
  }
}

/** The reply part a stream part stands for; throws on errors. */
function interpret(
  part: LanguageModelV4StreamPart,
  modelId: string,
): ReplyPart | undefined {
  if (part.type === "text-delta") {
    return part.delta ? { type: "text", text: part.delta } : undefined;
  }
  if (part.type === "error") throw partError(part, modelId);
  if (part.type === "finish") {
    if (part.finishReason.unified === "interrupted") throw cut();
    return {
      type: "finish",
      finishReason: part.finishReason.unified,
      usage: toUsage(part.usage),
    };
  }
  return undefined;
}

/**
 * `interpret`, telling a reply cut before its first word (an empty or
 * non-stream answer) from one cut in the middle.
 */
function interpretAt(
  part: LanguageModelV4StreamPart,
  modelId: string,
  opened: Opened,
  sawText: boolean,
): ReplyPart | undefined {
  try {
    return interpret(part, modelId);
  } catch (error) {
    if (error instanceof ProviderError && error.kind === "cut") {
      throw endedEarly(opened, sawText);
    }
    throw error;
  }
}

/** How a reply ended normally. */
export type ReplyFinish = Extract<ReplyPart, { type: "finish" }>;

/**
 * Stream a reply from `model`, handing each text piece to `onText` as it
 * arrives, and resolve with the finish. The hot path of the chat service:
 * one await per provider part. Throws like {@linkcode streamReply}.
 */
export async function pumpReply(
  model: LanguageModelV4,
  request: ReplyRequest,
  onText: (text: string) => void,
  onReasoning?: (text: string) => void,
): Promise<ReplyFinish> {
  const signal = request.abortSignal;
  const opened = await open(model, request);
  const reader = opened.reader;
  let finish: ReplyFinish | undefined;
  let sawText = false;
  try {
    while (true) {
      let result: ReadableStreamReadResult<LanguageModelV4StreamPart>;
      try {
        result = await reader.read();
      } catch (error) {
        if (signal?.aborted || isAbort(error)) throw signal?.reason ?? error;
        throw toProviderError(error, model.modelId);
      }
      if (result.done) break;
      const part = result.value;
      // Text first and without allocating: it is nearly every part.
      if (part.type === "text-delta") {
        if (part.delta) {
          sawText = true;
          onText(part.delta);
        }
        continue;
      }
      // Reasoning models (`reasoning_content`, Anthropic thinking).
      if (part.type === "reasoning-delta") {
        if (part.delta) {
          sawText = true;
          onReasoning?.(part.delta);
        }
        continue;
      }
      const reply = interpretAt(part, model.modelId, opened, sawText);
      if (reply?.type === "finish") finish = reply;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  if (finish) return finish;
  if (signal?.aborted) throw signal.reason;
  throw endedEarly(opened, sawText);
}

/**
 * Stream a reply from `model`. Yields text pieces in order and one final
 * `finish`. Throws a {@linkcode ProviderError} on any failure, or the abort
 * reason when `abortSignal` fires (callers tell the two apart with
 * {@linkcode isAbort} or by checking their own signal).
 */
export async function* streamReply(
  model: LanguageModelV4,
  request: ReplyRequest,
): AsyncGenerator<ReplyPart, void, undefined> {
  const signal = request.abortSignal;
  const opened = await open(model, request);
  const reader = opened.reader;
  let finished = false;
  let sawText = false;
  try {
    while (true) {
      const part = await read(reader, signal, model.modelId);
      if (part === undefined) break;
      const reply = interpretAt(part, model.modelId, opened, sawText);
      if (reply?.type === "text") sawText = true;
      if (reply?.type === "finish") finished = true;
      if (reply) yield reply;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
  if (finished) return;
  if (signal?.aborted) throw signal.reason;
  throw endedEarly(opened, sawText);
}
