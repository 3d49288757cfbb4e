/**
 * The built-in `demo` model: a real AI SDK language model (specification
 * v4), so the chat service treats it exactly like a remote provider, while
 * needing no network and no key.
 *
 * @module
 */
import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4GenerateResult,
  LanguageModelV4Prompt,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
  LanguageModelV4Usage,
} from "@ai-sdk/provider";
import {
  countRequest,
  countTokens,
  demoReasoning,
  demoReply,
  demoTokens,
} from "./demo_reply.ts";
import { setImmediate } from "node:timers";
import { type Sleep, sleepUntil } from "./pacer.ts";
import { describe, partAttachment } from "./turn_files.ts";

/** Options of {@linkcode DemoLanguageModel}. */
export interface DemoModelOptions {
  /** Pause between streamed tokens in milliseconds; 0 streams as fast as read. */
  tokenDelayMs?: number;
}

/**
 * The text of a reply being continued: a last assistant turn after the
 * question (the demo then writes the rest of its answer); "" otherwise.
 */
export function prefillText(prompt: LanguageModelV4Prompt): string {
  const last = prompt[prompt.length - 1];
  if (last?.role !== "assistant") return "";
  return last.content.map((part) => (part.type === "text" ? part.text : ""))
    .join("");
}

/**
 * `tokens` without the ones that make up `prefix` (already written):
 * `tokens` themselves when there is no prefix, so that a reply not being
 * continued pays no second generator step per token.
 */
function after(tokens: Iterable<string>, prefix: string): Iterable<string> {
  return prefix === "" ? tokens : skipping(tokens, prefix.length);
}

function* skipping(tokens: Iterable<string>, chars: number): Iterable<string> {
  let skipped = 0;
  for (const token of tokens) {
    if (skipped < chars) {
      skipped += token.length;
      continue;
    }
    yield token;
  }
}

/** The last user message: the one the demo answers. */
function lastUser(
  prompt: LanguageModelV4Prompt,
): LanguageModelV4Prompt[number] | undefined {
  return prompt.findLast((message) => message.role === "user");
}

/**
 * The text of the last user message: the one the demo answers (the text
 * of its attached files is not part of the question).
 */
export function lastUserText(prompt: LanguageModelV4Prompt): string {
  const message = lastUser(prompt);
  if (message?.role !== "user") return "";
  return message.content
    .map((part) =>
      part.type === "text" && !partAttachment(part) ? part.text : ""
    )
    .join("");
}

/**
 * What the demo says it received with the last user message, so a person
 * (and a test) can see the files reached the model: "I received 2 files:
 * notes.txt (1.2 KB text), cat.png (34 KB image, 640×480)." Empty when
 * there were none.
 */
export function receivedFiles(prompt: LanguageModelV4Prompt): string {
  const message = lastUser(prompt);
  if (message?.role !== "user") return "";
  const seen = message.content.flatMap((part) => {
    const file = partAttachment(part);
    if (!file) return [];
    const left = file.omitted ? " — not included" : "";
    return [describe(file.attachment) + left];
  });
  if (seen.length === 0) return "";
  const count = seen.length === 1 ? "1 file" : `${seen.length} files`;
  return `I received ${count}: ${seen.join(", ")}.`;
}

function promptChars(prompt: LanguageModelV4Prompt): number {
  let chars = 0;
  for (const message of prompt) {
    if (typeof message.content === "string") {
      chars += message.content.length;
      continue;
    }
    for (const part of message.content) {
      if ("text" in part && typeof part.text === "string") {
        chars += part.text.length;
      }
    }
  }
  return chars;
}

function usage(
  inputTokens: number,
  outputTokens: number,
): LanguageModelV4Usage {
  return {
    inputTokens: {
      total: inputTokens,
      noCache: inputTokens,
      cacheRead: 0,
      cacheWrite: 0,
    },
    outputTokens: { total: outputTokens, text: outputTokens, reasoning: 0 },
  };
}

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("aborted", "AbortError");
}

/** Unpaced replies enqueue this many tokens per read. */
const BATCH_SIZE = 512;
/** Unpaced replies give the event loop a turn after this much work, in ms. */
const SLICE_MS = 10;
/**
 * …a timer turn (2 ms or more of idle time) at most this often, a cheap
 * immediate turn otherwise: an immediate lets open responses flow, but only
 * a timer turn lets the server accept new connections.
 */
const TIMER_TURN_MS = 50;

function tokensFor(prompt: LanguageModelV4Prompt): Iterable<string> {
  const question = lastUserText(prompt);
  const received = receivedFiles(prompt);
  const n = countRequest(question);
  if (n !== undefined) return countTokens(n);
  if (received === "") return demoTokens(demoReply(question));
  const reply = question.trim() === ""
    ? received
    : `${received}\n\n${demoReply(question)}`;
  return demoTokens(reply);
}

/**
 * Streams a deterministic markdown reply that restates the user's message,
 * paced by `tokenDelayMs`, reporting usage (input estimated at four
 * characters a token, output counted in streamed pieces) and stopping at
 * once when the call's abort signal fires.
 */
export class DemoLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = "v4" as const;
  readonly provider = "demo";
  readonly modelId = "demo";
  readonly supportedUrls: Record<string, RegExp[]> = {};
  #delayMs: number;

  constructor(options: DemoModelOptions = {}) {
    this.#delayMs = Math.max(0, options.tokenDelayMs ?? 15);
  }

  /** Whole reply at once; used for non-streaming calls. */
  doGenerate(
    options: LanguageModelV4CallOptions,
  ): Promise<LanguageModelV4GenerateResult> {
    if (options.abortSignal?.aborted) {
      return Promise.reject(abortError(options.abortSignal));
    }
    const tokens = [...tokensFor(options.prompt)];
    return Promise.resolve({
      content: [{ type: "text", text: tokens.join("") }],
      finishReason: { unified: "stop", raw: "stop" },
      usage: usage(Math.ceil(promptChars(options.prompt) / 4), tokens.length),
      warnings: [],
    });
  }

  /** The reply as text deltas, one token per delta. */
  doStream(
    options: LanguageModelV4CallOptions,
  ): Promise<LanguageModelV4StreamResult> {
    const signal = options.abortSignal;
    if (signal?.aborted) return Promise.reject(abortError(signal));
    const inputTokens = Math.ceil(promptChars(options.prompt) / 4);
    const question = lastUserText(options.prompt);
    const tokens = after(tokensFor(options.prompt), prefillText(options.prompt))
      [Symbol.iterator]();
    // The conversation's length limit ends the reply early, as a provider's.
    const limit = options.maxOutputTokens ?? Infinity;
    // "think about X": reasoning streams first, as a reasoning model's does.
    const thoughts = demoTokens(demoReasoning(question));
    const delayMs = this.#delayMs;
    let sent = 0;
    /** Paced pulls so far (thoughts and text alike keep the rhythm). */
    let pulls = 0;
    let sliceStart = performance.now();
    let timerAt = 0;
    let due = performance.now();
    let sleep: Sleep | undefined;
    let onAbort: (() => void) | undefined;

    const stream = new ReadableStream<LanguageModelV4StreamPart>({
      start(controller) {
        onAbort = () => {
          sleep?.cancel();
          try {
            controller.error(abortError(signal!));
          } catch { /* already closed */ }
        };
        signal?.addEventListener("abort", onAbort, { once: true });
        controller.enqueue({ type: "stream-start", warnings: [] });
        controller.enqueue({
          type: "response-metadata",
          id: crypto.randomUUID(),
          modelId: "demo",
          timestamp: new Date(),
        });
        if (thoughts.length > 0) {
          controller.enqueue({ type: "reasoning-start", id: "r" });
        }
        controller.enqueue({ type: "text-start", id: "0" });
      },
      async pull(controller) {
        if (signal?.aborted) return;
        if (delayMs === 0) {
          // Unpaced replies still let the server write and serve others:
          // only a timer turn lets Deno's HTTP server make progress (the
          // first one sends the response headers before the flood).
          if (sent === 0 || performance.now() - sliceStart >= SLICE_MS) {
            if (sent === 0 || performance.now() - timerAt >= TIMER_TURN_MS) {
              await new Promise((resolve) => setTimeout(resolve, 0));
              timerAt = performance.now();
            } else {
              await new Promise((resolve) => setImmediate(resolve));
            }
            sliceStart = performance.now();
            if (signal?.aborted) return;
          }
        } else if (pulls++ > 0) {
          // A steady rhythm: each token is due one delay after the last
          // one was due, so a late turn does not slow the whole reply.
          due = Math.max(due + delayMs, performance.now() - delayMs);
          sleep = sleepUntil(due);
          await sleep.done;
          sleep = undefined;
          if (signal?.aborted) return;
        }
        // Paced: one token per pull. Unpaced: a batch, as a fast provider
        // delivers many tokens per network read.
        const batch = delayMs === 0 ? BATCH_SIZE : 1;
        for (let i = 0; i < batch; i++) {
          if (thoughts.length > 0) {
            controller.enqueue({
              type: "reasoning-delta",
              id: "r",
              delta: thoughts.shift()!,
            });
            if (thoughts.length === 0) {
              controller.enqueue({ type: "reasoning-end", id: "r" });
            }
            continue;
          }
          const next: IteratorResult<string> = sent >= limit
            ? { done: true, value: undefined }
            : tokens.next();
          if (next.done) {
            signal?.removeEventListener("abort", onAbort!);
            controller.enqueue({ type: "text-end", id: "0" });
            controller.enqueue({
              type: "finish",
              finishReason: sent >= limit
                ? { unified: "length", raw: "length" }
                : { unified: "stop", raw: "stop" },
              usage: usage(inputTokens, sent),
            });
            controller.close();
            return;
          }
          sent++;
          controller.enqueue({
            type: "text-delta",
            id: "0",
            delta: next.value,
          });
        }
      },
      cancel() {
        sleep?.cancel();
        signal?.removeEventListener("abort", onAbort!);
      },
    }, { highWaterMark: 0 });
    return Promise.resolve({ stream });
  }
}
