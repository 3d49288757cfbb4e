/**
 * The span of one reply: model, provider, tokens in and out, time to the
 * first token, duration and how it ended (complete, stopped, interrupted,
 * error), named after OpenTelemetry's generative-AI conventions where one
 * exists.
 *
 * @module
 */
import type { Span } from "@opentelemetry/api";
import { STATUS_ERROR, tracer } from "./tracing.ts";

/** What a reply span starts with. */
export interface ReplySpanInit {
  conversationId: string;
  messageId: string;
  /** Model id (`demo`, `openai:gpt-4o-mini`). */
  model: string;
  /** Provider prefix (`demo`, `openai`, `anthropic`). */
  provider: string;
}

/** How a reply ended, for its span. */
export interface ReplyOutcome {
  status: string;
  inputTokens?: number;
  outputTokens?: number;
  error?: string;
}

/** A running reply's span; `delta()` marks the first token. */
export class ReplySpan {
  /** Null while tracing is not loaded: nothing is recorded. */
  #span: Span | null;
  #started = performance.now();
  #firstToken: number | undefined;

  /** Start the span of a reply. */
  constructor(init: ReplySpanInit) {
    this.#span = tracer()?.startSpan("chat.reply", {
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": init.model,
        "gen_ai.system": init.provider,
        "liveaichat.conversation.id": init.conversationId,
        "liveaichat.reply.id": init.messageId,
      },
    }) ?? null;
  }

  /** Called for every delta; only the first one is noted. */
  delta(): void {
    this.#firstToken ??= performance.now();
  }

  /** End the span with how the reply ended. */
  end(outcome: ReplyOutcome): void {
    const span = this.#span;
    if (span === null) return;
    const now = performance.now();
    span.setAttribute("liveaichat.reply.outcome", outcome.status);
    span.setAttribute("liveaichat.reply.duration_ms", now - this.#started);
    if (this.#firstToken !== undefined) {
      span.setAttribute(
        "liveaichat.reply.time_to_first_token_ms",
        this.#firstToken - this.#started,
      );
    }
    if (outcome.inputTokens !== undefined) {
      span.setAttribute("gen_ai.usage.input_tokens", outcome.inputTokens);
    }
    if (outcome.outputTokens !== undefined) {
      span.setAttribute("gen_ai.usage.output_tokens", outcome.outputTokens);
    }
    if (outcome.status === "error") {
      span.setStatus({ code: STATUS_ERROR, message: outcome.error });
    }
    span.end();
  }
}
