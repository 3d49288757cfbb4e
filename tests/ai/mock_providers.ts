/**
 * Local stand-ins for remote model providers: real HTTP servers on
 * 127.0.0.1 speaking OpenAI's chat-completions SSE and Anthropic's
 * messages SSE, with switchable faults. They record what they were sent
 * and when a client hung up, so tests can prove that stop reaches them.
 *
 * @module
 */

/** A failure the mock plays instead of a normal reply. */
export type MockFault =
  | "401"
  | "403"
  | "404"
  | "429"
  | "500"
  | "hang-headers"
  | "idle"
  | "malformed"
  | "cut"
  | "end-early"
  /** Titles (non-streaming calls) never answer. */
  | "hang-title"
  /** 200 with an event stream that ends before any event. */
  | "empty"
  /** 200 with an HTML page instead of an event stream. */
  | "html"
  /** 200 with an event stream whose only event is not JSON. */
  | "not-json";

/** How the mock answers the next requests. */
export interface MockScenario {
  /** Text pieces streamed, one event each. */
  tokens: string[];
  /**
   * Reasoning pieces streamed before the text (OpenAI-compatible servers
   * send them as `reasoning_content`, Anthropic as a thinking block).
   */
  reasoning?: string[];
  /** Pause before each token, in milliseconds. */
  delayMs: number;
  fault?: MockFault;
  /** `retry-after` header sent with a 429. */
  retryAfter?: string;
  /** Answer for non-streaming calls (titles). */
  generateText: string;
  inputTokens: number;
}

/** A request the mock received. */
export interface MockRequest {
  method: string;
  path: string;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

/** A running mock provider. */
export interface MockProvider {
  /** Base URL including `/v1`, as configured in the app. */
  url: string;
  /** Mutable: tests change it between calls. */
  scenario: MockScenario;
  /** Model ids its `/models` lists. */
  models: string[];
  /** Awaited before `/models` answers (a test holds the list with it). */
  beforeModels?: () => Promise<void>;
  requests: MockRequest[];
  /** `performance.now()` of every streamed response the client abandoned. */
  hangUps: number[];
  /** Streamed responses still being written. */
  openStreams(): number;
  /** Title requests (non-streaming) still waiting for an answer. */
  openTitles(): number;
  close(): Promise<void>;
}

const encoder = new TextEncoder();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function defaults(): MockScenario {
  return {
    tokens: ["Hello", ", ", "world", "!"],
    delayMs: 0,
    generateText: "Greeting The World",
    inputTokens: 11,
  };
}

interface WireFormat {
  /** SSE frames that open the reply. */
  head(model: string, s: MockScenario): string[];
  token(text: string, s: MockScenario): string;
  /** A reasoning piece, for formats that have one. */
  reasoning?(text: string): string;
  /** Frames between the reasoning and the first text piece. */
  textStart?(s: MockScenario): string[];
  /** Frames that end the reply normally. */
  tail(s: MockScenario): string[];
  errorBody(status: number): unknown;
  generated(model: string, s: MockScenario): unknown;
  models(ids: string[]): unknown;
  chatPath: string;
}

/** One SSE event of OpenAI's chat-completions stream. */
function openaiChunk(fields: Record<string, unknown>): string {
  const chunk = {
    id: "chatcmpl-mock",
    object: "chat.completion.chunk",
    created: 1,
    model: "mock",
    ...fields,
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

const openaiFormat: WireFormat = {
  chatPath: "/v1/chat/completions",
  head: () => [],
  token: (text) =>
    openaiChunk({
      choices: [{
        index: 0,
        delta: { role: "assistant", content: text },
        finish_reason: null,
      }],
    }),
  reasoning: (text) =>
    openaiChunk({
      choices: [{
        index: 0,
        delta: { role: "assistant", reasoning_content: text },
        finish_reason: null,
      }],
    }),
  tail: (s) => [
    openaiChunk({
      choices: [{ index: 0, delta: {}, finish_reason: "stop" }],
    }),
    openaiChunk({
      choices: [],
      usage: {
        prompt_tokens: s.inputTokens,
        completion_tokens: s.tokens.length,
        total_tokens: s.inputTokens + s.tokens.length,
      },
    }),
    "data: [DONE]\n\n",
  ],
  errorBody: (status) => ({
    error: {
      message: status === 404
        ? "The model does not exist"
        : status === 429
        ? "Rate limit reached"
        : status >= 500
        ? "Internal failure"
        : "Incorrect API key provided",
      type: "invalid_request_error",
      code: null,
      param: null,
    },
  }),
  generated: (model, s) => ({
    id: "chatcmpl-mock",
    object: "chat.completion",
    created: 1,
    model,
    choices: [{
      index: 0,
      message: { role: "assistant", content: s.generateText },
      finish_reason: "stop",
    }],
    usage: { prompt_tokens: s.inputTokens, completion_tokens: 3 },
  }),
  models: (ids) => ({
    object: "list",
    data: ids.map((id) => ({ id, object: "model", owned_by: "mock" })),
  }),
};

function sse(event: string, data: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** Index of the text block: after the thinking block when there is one. */
function anthropicTextIndex(s: MockScenario): number {
  return s.reasoning?.length ? 1 : 0;
}

function anthropicBlockStart(index: number, block: unknown): string {
  return sse("content_block_start", {
    type: "content_block_start",
    index,
    content_block: block,
  });
}

const anthropicFormat: WireFormat = {
  chatPath: "/v1/messages",
  head: (model, s) => [
    sse("message_start", {
      type: "message_start",
      message: {
        id: "msg_mock",
        type: "message",
        role: "assistant",
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: s.inputTokens, output_tokens: 1 },
      },
    }),
    s.reasoning?.length
      ? anthropicBlockStart(0, { type: "thinking", thinking: "" })
      : anthropicBlockStart(0, { type: "text", text: "" }),
    sse("ping", { type: "ping" }),
  ],
  // Extended thinking: a thinking block (closed by its signature) before
  // the text block.
  reasoning: (text) =>
    sse("content_block_delta", {
      type: "content_block_delta",
      index: 0,
      delta: { type: "thinking_delta", thinking: text },
    }),
  textStart: (s) =>
    s.reasoning?.length
      ? [
        sse("content_block_delta", {
          type: "content_block_delta",
          index: 0,
          delta: { type: "signature_delta", signature: "mock-signature" },
        }),
        sse("content_block_stop", { type: "content_block_stop", index: 0 }),
        anthropicBlockStart(1, { type: "text", text: "" }),
      ]
      : [],
  token: (text, s) =>
    sse("content_block_delta", {
      type: "content_block_delta",
      index: anthropicTextIndex(s),
      delta: { type: "text_delta", text },
    }),
  tail: (s) => [
    sse("content_block_stop", {
      type: "content_block_stop",
      index: anthropicTextIndex(s),
    }),
    sse("message_delta", {
      type: "message_delta",
      delta: { stop_reason: "end_turn", stop_sequence: null },
      usage: { output_tokens: s.tokens.length },
    }),
    sse("message_stop", { type: "message_stop" }),
  ],
  errorBody: (status) => ({
    type: "error",
    error: {
      type: status === 401 || status === 403
        ? "authentication_error"
        : status === 404
        ? "not_found_error"
        : status === 429
        ? "rate_limit_error"
        : "api_error",
      message: status === 404 ? "model: not found" : "mock failure",
    },
  }),
  generated: (model, s) => ({
    id: "msg_mock",
    type: "message",
    role: "assistant",
    model,
    content: [{ type: "text", text: s.generateText }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: s.inputTokens, output_tokens: 3 },
  }),
  models: (ids) => ({
    data: ids.map((id) => ({
      type: "model",
      id,
      display_name: id,
      created_at: "2025-01-01T00:00:00Z",
    })),
    has_more: false,
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
  }),
};

function startMock(format: WireFormat, models: string[]): MockProvider {
  const requests: MockRequest[] = [];
  const hangUps: number[] = [];
  const waiters = new Set<() => void>();
  let open = 0;
  let titles = 0;
  const shutdown = new AbortController();

  const mock: MockProvider = {
    url: "",
    scenario: defaults(),
    models,
    requests,
    hangUps,
    openStreams: () => open,
    openTitles: () => titles,
    async close() {
      shutdown.abort();
      for (const wake of waiters) wake();
      await server.shutdown();
    },
  };

  const hang = (signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const done = () => {
        waiters.delete(done);
        resolve();
      };
      waiters.add(done);
      signal.addEventListener("abort", done, { once: true });
    });

  function streamReply(model: string, s: MockScenario): Response {
    let cancelled = false;
    open++;
    const stopTimers = new AbortController();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        const send = (text: string) => {
          if (!cancelled) controller.enqueue(encoder.encode(text));
        };
        try {
          for (const frame of format.head(model, s)) send(frame);
          for (const piece of s.reasoning ?? []) {
            if (format.reasoning) send(format.reasoning(piece));
          }
          for (const frame of format.textStart?.(s) ?? []) send(frame);
          for (const [i, token] of s.tokens.entries()) {
            if (s.delayMs > 0) await sleep(s.delayMs);
            if (cancelled) return;
            send(format.token(token, s));
            if (i === 0 && s.fault === "malformed") {
              send("data: {this is not json\n\n");
              await sleep(5);
            }
            if (i === 1 && s.fault === "cut") {
              await sleep(5);
              controller.error(new Error("connection cut by the mock"));
              return;
            }
            if (i === 1 && s.fault === "end-early") {
              await sleep(5);
              controller.close();
              return;
            }
            if (i === 0 && s.fault === "idle") {
              await hang(AbortSignal.any([stopTimers.signal, shutdown.signal]));
              return;
            }
          }
          for (const frame of format.tail(s)) send(frame);
          if (!cancelled) controller.close();
        } catch {
          // the client went away while we were writing
        } finally {
          open--;
        }
      },
      cancel() {
        cancelled = true;
        hangUps.push(performance.now());
        stopTimers.abort();
      },
    });
    return new Response(body, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
      },
    });
  }

  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    async (req) => {
      const url = new URL(req.url);
      const body = req.method === "POST" ? await req.json() : undefined;
      requests.push({
        method: req.method,
        path: url.pathname,
        headers: req.headers,
        body,
      });
      if (req.method === "GET" && url.pathname === "/v1/models") {
        await mock.beforeModels?.();
        return Response.json(format.models(mock.models));
      }
      if (req.method !== "POST" || url.pathname !== format.chatPath) {
        return new Response("not found", { status: 404 });
      }
      const s = mock.scenario;
      const status = Number(s.fault);
      if (status >= 400) {
        const headers: Record<string, string> = {};
        if (status === 429 && s.retryAfter) {
          headers["retry-after"] = s.retryAfter;
        }
        return Response.json(format.errorBody(status), { status, headers });
      }
      if (s.fault === "hang-headers") {
        await hang(shutdown.signal);
        return new Response("too late", { status: 504 });
      }
      const model = String(body?.model ?? "mock");
      if (body?.stream !== true) {
        if (s.fault === "hang-title") {
          titles++;
          await hang(AbortSignal.any([req.signal, shutdown.signal]));
          titles--;
          return new Response("too late", { status: 504 });
        }
        return Response.json(format.generated(model, s));
      }
      if (s.fault === "empty") {
        return new Response("", {
          headers: { "content-type": "text/event-stream" },
        });
      }
      if (s.fault === "html") {
        return new Response(
          "<!doctype html><html><body><h1>Welcome to the portal</h1></body></html>",
          { headers: { "content-type": "text/html; charset=utf-8" } },
        );
      }
      if (s.fault === "not-json") {
        return new Response("data: {this is not json\n\n", {
          headers: { "content-type": "text/event-stream" },
        });
      }
      return streamReply(model, s);
    },
  );
  mock.url = `http://127.0.0.1:${server.addr.port}/v1`;
  return mock;
}

/** Start an OpenAI-compatible mock listing `models`. */
export function startOpenAIMock(
  models: string[] = ["gpt-mock", "gpt-mock-mini"],
): MockProvider {
  return startMock(openaiFormat, models);
}

/** Start an Anthropic-compatible mock listing `models`. */
export function startAnthropicMock(
  models: string[] = ["claude-mock"],
): MockProvider {
  return startMock(anthropicFormat, models);
}
