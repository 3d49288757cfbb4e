/**
 * Shared set-up of the chat tests: a real CSV store in a temp folder, a
 * model registry (demo, plus mock providers when asked) and the service.
 *
 * @module
 */
import {
  createGuardedFetch,
  DemoLanguageModel,
  ModelRegistry,
  type ModelSource,
  OpenAISource,
} from "../../lib/ai/mod.ts";
import {
  type ChatEvent,
  ChatService,
  type ChatServiceOptions,
} from "../../lib/chat/mod.ts";
import { type ChatStore, openCsvStore } from "../../lib/store/mod.ts";
import type { MockProvider } from "../ai/mock_providers.ts";

/** What a chat test works with. */
export interface ChatFixture {
  dir: string;
  store: ChatStore;
  models: ModelRegistry;
  chat: ChatService;
}

/** Options of {@linkcode withChat}. */
export interface WithChatOptions {
  /** Demo model pacing (ms). */
  delayMs?: number;
  /** Extra model sources. */
  sources?: ModelSource[];
  /** Wraps the store (spies). */
  wrapStore?: (store: ChatStore) => ChatStore;
  service?: Partial<ChatServiceOptions>;
}

/** Run `fn` with a fresh store and service; everything is closed after. */
export async function withChat(
  options: WithChatOptions,
  fn: (fixture: ChatFixture) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "chat_test_" });
  const opened = await openCsvStore({ dataDir: dir, log: () => {} });
  const store = options.wrapStore?.(opened) ?? opened;
  const models = new ModelRegistry({
    demo: new DemoLanguageModel({ tokenDelayMs: options.delayMs ?? 0 }),
    sources: options.sources,
  });
  const chat = new ChatService({
    store,
    models,
    log: () => {},
    ...options.service,
  });
  try {
    await fn({ dir, store, models, chat });
  } finally {
    await chat.shutdown();
    await opened.close();
    await Deno.remove(dir, { recursive: true });
  }
}

/** An OpenAI-compatible source for `mock` with short timeouts. */
export function mockSource(mock: MockProvider): OpenAISource {
  return new OpenAISource({
    apiKey: "sk-test",
    baseUrl: mock.url,
    fetch: createGuardedFetch({ connectTimeoutMs: 400, idleTimeoutMs: 300 }),
  });
}

/** Read an NDJSON byte stream to its end, one event per line. */
export async function readEvents(
  stream: ReadableStream<Uint8Array>,
): Promise<ChatEvent[]> {
  const text = await new Response(stream).text();
  return parseLines(text);
}

/** Parse NDJSON text; every line must be a complete JSON object. */
export function parseLines(text: string): ChatEvent[] {
  if (text === "") return [];
  if (!text.endsWith("\n")) throw new Error("NDJSON must end with a newline");
  return text.slice(0, -1).split("\n").map((line) => JSON.parse(line));
}

/** The deltas' text joined. */
export function deltaText(events: readonly ChatEvent[]): string {
  return events.map((e) => (e.type === "delta" ? e.text : "")).join("");
}

/** "1 2 … n": what the demo answers to "count to n". */
export function counted(n: number): string {
  return Array.from({ length: n }, (_, i) => i + 1).join(" ");
}

/** Wait until `check` is true, polling; fails after `ms`. */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  ms = 2000,
): Promise<void> {
  const deadline = performance.now() + ms;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** What {@linkcode spyStore} can hook into. */
export interface StoreHooks {
  /** Called before every checkpoint is written. */
  onCheckpoint?: (content: string) => void;
  /** Awaited before a reply is stored as complete. */
  beforeComplete?: () => Promise<void>;
  /** Awaited before a conversation's settings or title are written. */
  beforeConversationUpdate?: () => Promise<void>;
}

/**
 * Wrap a store to watch checkpoints and to hold finished replies, so that a
 * test can look at a reply while it runs however slow the machine is.
 */
export function spyStore(store: ChatStore, hooks: StoreHooks): ChatStore {
  return new Proxy(store, {
    get(target, key) {
      if (key === "checkpoint") {
        return (...args: Parameters<ChatStore["checkpoint"]>) => {
          hooks.onCheckpoint?.(args[2]);
          return target.checkpoint(...args);
        };
      }
      if (key === "updateMessage") {
        return async (...args: Parameters<ChatStore["updateMessage"]>) => {
          if (args[2].status === "complete") await hooks.beforeComplete?.();
          return await target.updateMessage(...args);
        };
      }
      if (key === "updateConversation") {
        return async (...args: Parameters<ChatStore["updateConversation"]>) => {
          await hooks.beforeConversationUpdate?.();
          return await target.updateConversation(...args);
        };
      }
      const value = Reflect.get(target, key);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A promise and the function that resolves it. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => open = resolve);
  return { opened, open };
}
