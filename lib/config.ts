/**
 * Runtime configuration read from the environment, in one place, so that
 * routes and services never read `Deno.env` themselves and tests can pass
 * their own values.
 *
 * @module
 */

/** Everything the server needs to know about its surroundings. */
export interface Config {
  /** TCP port to listen on; 0 picks a free one (tests). */
  port: number;
  /** Interface to bind; 127.0.0.1 keeps a local install private. */
  hostname: string;
  /** Folder that holds every CSV file; created on first run. */
  dataDir: string;
  /** Where history is kept: CSV files (default) or Deno KV. */
  store: "csv" | "kv";
  /**
   * Local KV file or KV Connect URL; unset means the platform's database on
   * Deno Deploy and `DATA_DIR/liveaichat.kv` elsewhere.
   */
  kvPath?: string;
  /** Running on Deno Deploy (no persistent disk). */
  onDeploy: boolean;
  /** `json`: one JSON line per request on stdout (`LOG_FORMAT`). */
  logFormat: "text" | "json";
  /** Deno exports OpenTelemetry (`OTEL_DENO=true`): store calls get spans. */
  telemetry: boolean;
  /**
   * With `STORE=kv`: a reply whose instance sent no heartbeat for this
   * long is stored as `interrupted` by another instance (ms).
   */
  replyStaleMs: number;
  /** Model used when a conversation names none. */
  defaultModel: string;
  /** Pause between tokens of the demo model, in milliseconds. */
  demoTokenDelayMs: number;
  /** Key for an OpenAI-compatible server; unset hides those models. */
  openaiApiKey?: string;
  /** Base URL of an OpenAI-compatible server (Ollama, LM Studio, vLLM, …). */
  openaiBaseUrl?: string;
  /** Comma-separated model ids to offer instead of asking `/models`. */
  openaiModels?: string[];
  /** Key for Anthropic; unset hides those models. */
  anthropicApiKey?: string;
  /** Base URL for an Anthropic-compatible server. */
  anthropicBaseUrl?: string;
  /**
   * How much Claude should think before answering (extended thinking,
   * shown in the "Thinking…" block); unset leaves it to the model's
   * default, which for most models is no thinking.
   */
  anthropicReasoning?: ReasoningEffort;
  /** Longest wait for a provider's response headers, in milliseconds. */
  providerConnectTimeoutMs: number;
  /** Longest silence between two chunks of a reply, in milliseconds. */
  providerIdleTimeoutMs: number;
  /** When set, every page and API call requires this password. */
  authPassword?: string;
  /**
   * Host names (optionally `name:port`) the server answers to; others get
   * 421, which stops DNS rebinding. Unset: the loopback names when bound to
   * loopback, any name otherwise.
   */
  allowedHosts?: string[];
  /**
   * Behind a reverse proxy: believe its `X-Forwarded-Proto` (https) and
   * `X-Forwarded-For` (client address).
   */
  trustProxy: boolean;
  /** A connection must send its first request head within this (ms). */
  headersTimeoutMs: number;
  /** A connection with no traffic either way for this long is closed (ms). */
  idleTimeoutMs: number;
  /** A client that takes in nothing sent to it for this long is dropped (ms). */
  writeStallMs: number;
  /** A login unused this long ends, in hours. */
  sessionIdleHours: number;
  /** A login ends this many days after it was made, used or not. */
  sessionMaxDays: number;
  /** Clock for logins (expiry, guess limits) in ms; tests replace it. */
  now?: () => number;
  /** Longest user message accepted, in characters (413 beyond). */
  maxMessageChars: number;
  /**
   * Longest reply kept, in characters: a reply reaching it ends with
   * finish reason `length`, its text kept.
   */
  maxReplyChars: number;
  /** Days a deleted conversation stays in the trash; 0 keeps it. */
  trashDays: number;
  /** Development mode: live reload, stack traces on error pages. */
  dev: boolean;
}

/** Source of environment variables; `Deno.env` satisfies it. */
export interface EnvSource {
  get(name: string): string | undefined;
}

function intFrom(
  env: EnvSource,
  name: string,
  fallback: number,
): number {
  const raw = env.get(name)?.trim();
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(`${name} must be a whole number ≥ 0, got "${raw}"`);
  }
  return value;
}

/** Most `MAX_REPLY_CHARS` may be: what the store keeps in one message. */
export const REPLY_CHARS_CEILING = 8_000_000;

function replyLimitFrom(env: EnvSource): number {
  const value = intFrom(env, "MAX_REPLY_CHARS", 2_000_000);
  if (value < 1_000 || value > REPLY_CHARS_CEILING) {
    throw new Error(
      `MAX_REPLY_CHARS must be between 1000 and ${REPLY_CHARS_CEILING}, got ${value}`,
    );
  }
  return value;
}

/** Thinking levels the AI SDK maps onto each provider's own settings. */
export const REASONING_EFFORTS = [
  "none",
  "minimal",
  "low",
  "medium",
  "high",
  "xhigh",
  "max",
] as const;

/** One of {@linkcode REASONING_EFFORTS}. */
export type ReasoningEffort = typeof REASONING_EFFORTS[number];

function reasoningFrom(
  env: EnvSource,
  name: string,
): ReasoningEffort | undefined {
  const raw = optional(env, name)?.toLowerCase();
  if (raw === undefined) return undefined;
  const effort = REASONING_EFFORTS.find((e) => e === raw);
  if (!effort) {
    throw new Error(
      `${name} must be one of ${REASONING_EFFORTS.join(", ")}, got "${raw}"`,
    );
  }
  return effort;
}

function optional(env: EnvSource, name: string): string | undefined {
  const raw = env.get(name)?.trim();
  return raw ? raw : undefined;
}

function listFrom(env: EnvSource, name: string): string[] | undefined {
  const raw = optional(env, name);
  return raw ? raw.split(",").map((m) => m.trim()).filter(Boolean) : undefined;
}

/**
 * Whether the process runs on Deno Deploy: `DENO_DEPLOY=1` on today's
 * Deploy; `DENO_DEPLOYMENT_ID` with `DENO_REGION` on Deploy Classic (a
 * container may set `DENO_DEPLOYMENT_ID` alone, as Fresh's Docker guide
 * suggests, without being on Deploy).
 */
export function isDenoDeploy(env: EnvSource): boolean {
  return env.get("DENO_DEPLOY") === "1" ||
    (!!env.get("DENO_DEPLOYMENT_ID") && !!env.get("DENO_REGION"));
}

function storeKind(env: EnvSource, onDeploy: boolean): "csv" | "kv" {
  const raw = optional(env, "STORE")?.toLowerCase();
  if (raw !== undefined && raw !== "csv" && raw !== "kv") {
    throw new Error(`STORE must be csv or kv, got "${raw}"`);
  }
  if (onDeploy && raw === "csv") {
    throw new Error(
      "STORE=csv cannot work on Deno Deploy: apps there have no persistent " +
        "disk, so the history would vanish at the next restart. Remove STORE " +
        "(kv is the default on Deploy) or set STORE=kv.",
    );
  }
  return raw ?? (onDeploy ? "kv" : "csv");
}

/**
 * Read the configuration from environment variables, with the defaults
 * documented in the README. Throws with the variable's name on bad values.
 */
export function readConfig(
  env: EnvSource = Deno.env,
  overrides: Partial<Config> = {},
): Config {
  const onDeploy = isDenoDeploy(env);
  return {
    port: intFrom(env, "PORT", 8000),
    hostname: optional(env, "HOSTNAME") ?? "127.0.0.1",
    dataDir: optional(env, "DATA_DIR") ?? "./data",
    store: storeKind(env, onDeploy),
    kvPath: optional(env, "KV_PATH"),
    onDeploy,
    logFormat: optional(env, "LOG_FORMAT")?.toLowerCase() === "json"
      ? "json"
      : "text",
    telemetry: optional(env, "OTEL_DENO")?.toLowerCase() === "true",
    replyStaleMs: intFrom(env, "REPLY_STALE_MS", 5_000),
    defaultModel: optional(env, "DEFAULT_MODEL") ?? "demo",
    demoTokenDelayMs: intFrom(env, "DEMO_TOKEN_DELAY_MS", 15),
    openaiApiKey: optional(env, "OPENAI_API_KEY"),
    openaiBaseUrl: optional(env, "OPENAI_BASE_URL"),
    openaiModels: listFrom(env, "OPENAI_MODELS"),
    anthropicApiKey: optional(env, "ANTHROPIC_API_KEY"),
    anthropicBaseUrl: optional(env, "ANTHROPIC_BASE_URL"),
    anthropicReasoning: reasoningFrom(env, "ANTHROPIC_REASONING"),
    providerConnectTimeoutMs: intFrom(
      env,
      "PROVIDER_CONNECT_TIMEOUT_MS",
      30_000,
    ),
    providerIdleTimeoutMs: intFrom(env, "PROVIDER_IDLE_TIMEOUT_MS", 60_000),
    authPassword: optional(env, "AUTH_PASSWORD"),
    allowedHosts: listFrom(env, "ALLOWED_HOSTS"),
    trustProxy: ["1", "true", "yes"].includes(
      env.get("TRUST_PROXY")?.trim().toLowerCase() ?? "",
    ),
    headersTimeoutMs: intFrom(env, "HEADERS_TIMEOUT_MS", 20_000),
    idleTimeoutMs: intFrom(env, "IDLE_TIMEOUT_MS", 120_000),
    writeStallMs: intFrom(env, "WRITE_STALL_TIMEOUT_MS", 60_000),
    sessionIdleHours: intFrom(env, "SESSION_IDLE_HOURS", 24 * 7),
    sessionMaxDays: intFrom(env, "SESSION_MAX_DAYS", 30),
    maxMessageChars: intFrom(env, "MAX_MESSAGE_CHARS", 100_000),
    maxReplyChars: replyLimitFrom(env),
    trashDays: intFrom(env, "TRASH_DAYS", 30),
    dev: env.get("FRESH_DEV") === "1",
    ...overrides,
  };
}
