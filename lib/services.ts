/**
 * The long-lived parts of the server (store, model registry, generation
 * service), created once at start-up and handed to every request through
 * `ctx.state.services`. Tests create their own with a temp `dataDir`.
 *
 * @module
 */
import { createModelRegistry, type ModelRegistry } from "./ai/mod.ts";
import { type Auth, openAuth } from "./auth/mod.ts";
import { ChatService, KvReplyBus } from "./chat/mod.ts";
import type { Config } from "./config.ts";
import { ConversationService, startTrashSweeper } from "./conversations/mod.ts";
import type { ChatStore } from "./store/mod.ts";
import { kvOf, openStore } from "./store/open.ts";
import { loadTracing, tracedStore } from "./telemetry/mod.ts";

/** What routes reach through `ctx.state.services`. */
export interface Services {
  config: Config;
  /** Chat history (CSV files or Deno KV). */
  store: ChatStore;
  /** The models that can be used and how to call them. */
  models: ModelRegistry;
  /** Running replies: send, reattach, stop, regenerate. */
  chat: ChatService;
  /** Conversations outside a running reply: what the routes call. */
  conversations: ConversationService;
  /** Logins, when `AUTH_PASSWORD` is set; null leaves everything open. */
  auth: Auth | null;
  /**
   * Shut down: running replies are stored as `interrupted`, then the
   * store is flushed and the data folder released.
   */
  close(): Promise<void>;
}

/** Open the store and start the services for one server process. */
export async function createServices(config: Config): Promise<Services> {
  // Spans only with Deno's telemetry on: the API is loaded only then.
  if (config.telemetry) await loadTracing();
  const opened = await openStore(config);
  // With OTEL_DENO=true every store call is a span.
  const store = config.telemetry ? tracedStore(opened, config.store) : opened;
  const models = createModelRegistry(config, {
    connectTimeoutMs: config.providerConnectTimeoutMs,
    idleTimeoutMs: config.providerIdleTimeoutMs,
  });
  // With Deno KV, replies are shared with every instance on the database.
  const kv = kvOf(store);
  const chat = new ChatService({
    bus: kv
      ? new KvReplyBus(kv, { store, staleMs: config.replyStaleMs })
      : undefined,
    store,
    models,
    maxMessageChars: config.maxMessageChars,
    maxReplyChars: config.maxReplyChars,
  });
  const auth = config.authPassword
    ? await openAuth({
      store: store.sessions,
      password: config.authPassword,
      idleMs: config.sessionIdleHours * 3_600_000,
      maxAgeMs: config.sessionMaxDays * 86_400_000,
      trustProxy: config.trustProxy,
      now: config.now,
    })
    : null;
  const sweeper = startTrashSweeper(store, { days: config.trashDays });
  let closing: Promise<void> | undefined;
  const conversations = new ConversationService({
    store,
    chat,
    trashDays: config.trashDays,
  });
  return {
    conversations,
    config,
    store,
    models,
    chat,
    auth,
    close() {
      closing ??= (async () => {
        try {
          await sweeper.stop();
          await chat.shutdown();
        } finally {
          await store.close();
        }
      })();
      return closing;
    },
  };
}
