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

/** One earlier turn of the conversation. */
export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
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
  let stream: ReadableStream<LanguageModelV4StreamPart>;
  try {
    ({ stream } = await model.doStream({
      prompt: toPrompt(request),
      temperature: request.temperature,
      maxOutputTokens: request.maxOutputTokens,
      abortSignal: signal,
    }));
  } catch (error) {
    if (signal?.aborted || isAbort(error)) throw signal?.reason ?? error;
    throw toProviderError(error, model.modelId);
  }
  const reader = stream.getReader();
  let finished = false;
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
      if (part.type === "text-delta") {
        if (part.delta) yield { type: "text", text: part.delta };
      } else if (part.type === "error") {
        throw partError(part, model.modelId);
      } else if (part.type === "finish") {
        if (part.finishReason.unified === "interrupted") throw cut();
        finished = true;
        yield {
          type: "finish",
          finishReason: part.finishReason.unified,
          usage: toUsage(part.usage),
        };
      }
    }
    if (!finished) {
      if (signal?.aborted) throw signal.reason;
      throw cut();
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}
