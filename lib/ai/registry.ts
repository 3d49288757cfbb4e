/**
 * The one place that knows which models exist. Model ids name their
 * provider so that one conversation can switch between them:
 *
 * - `demo`: the built-in model, always there;
 * - `openai:<name>`: a model of the OpenAI-compatible server
 *   (`OPENAI_API_KEY` and/or `OPENAI_BASE_URL`), e.g. `openai:gpt-4o-mini`,
 *   `openai:llama3.2` on Ollama;
 * - `anthropic:<name>`: an Anthropic model (`ANTHROPIC_API_KEY`), e.g.
 *   `anthropic:claude-sonnet-4-5`.
 *
 * @module
 */
import { acceptsImages } from "./vision.ts";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { Config } from "../config.ts";
import { ValidationError } from "../errors.ts";
import { AnthropicSource } from "./anthropic_source.ts";
import { DemoLanguageModel } from "./demo_model.ts";
import { createGuardedFetch } from "./guarded_fetch.ts";
import type { ModelSource } from "./model_source.ts";
import { OpenAISource } from "./openai_source.ts";

/** Id of the built-in model. */
export const DEMO_MODEL_ID = "demo";

/** A model as listed by `GET /api/models`. */
export interface ModelInfo {
  /** Id to send back (`demo`, `openai:gpt-4o-mini`, …). */
  id: string;
  /** Name of the model at its provider. */
  name: string;
  /** Provider prefix (`demo`, `openai`, `anthropic`). */
  provider: string;
  /** Human label of the provider. */
  providerLabel: string;
  /** Whether it is sent images (others get a note that one was left out). */
  images: boolean;
}

/** A model ready to be called. */
export interface ResolvedModel {
  info: ModelInfo;
  model: LanguageModelV4;
}

/** Options of {@linkcode ModelRegistry}. */
export interface ModelRegistryOptions {
  /** Id used when a conversation names no model. */
  defaultModel?: string;
  /** The demo model (tests pass a paced or instant one). */
  demo?: LanguageModelV4;
  /** Remote providers, in the order they are listed. */
  sources?: ModelSource[];
}

const DEMO_INFO: ModelInfo = {
  id: DEMO_MODEL_ID,
  name: "Demo",
  provider: "demo",
  providerLabel: "Built-in",
  images: true,
};

/** Lists the available models and turns a model id into a callable model. */
export class ModelRegistry {
  #demo: LanguageModelV4;
  #sources: Map<string, ModelSource>;
  #defaultModel: string;
  #models = new Map<string, Promise<LanguageModelV4>>();

  /** Combine the demo model with the configured providers. */
  constructor(options: ModelRegistryOptions = {}) {
    this.#demo = options.demo ?? new DemoLanguageModel();
    this.#sources = new Map(
      (options.sources ?? []).map((source) => [source.prefix, source]),
    );
    this.#defaultModel = options.defaultModel ?? DEMO_MODEL_ID;
  }

  /** Id used when a conversation names no model. */
  get defaultModel(): string {
    return this.#defaultModel;
  }

  /** Every model that can be used now; `demo` always comes first. */
  async listModels(): Promise<ModelInfo[]> {
    const lists = await Promise.all(
      [...this.#sources.values()].map(async (source) =>
        ((await source.list()) ?? []).map((name) => infoFor(source, name))
      ),
    );
    return [DEMO_INFO, ...lists.flat()];
  }

  /**
   * The model for `id` (the default when `id` is empty). An unknown id is a
   * `ValidationError` that lists the ids that would work. When a provider's
   * list cannot be fetched right now, its ids are accepted and the provider
   * itself answers for unknown names.
   */
  async resolve(id?: string | null): Promise<ResolvedModel> {
    const wanted = id?.trim() || this.#defaultModel;
    if (wanted === DEMO_MODEL_ID) return { info: DEMO_INFO, model: this.#demo };
    const colon = wanted.indexOf(":");
    const source = colon > 0
      ? this.#sources.get(wanted.slice(0, colon))
      : undefined;
    const name = wanted.slice(colon + 1);
    if (source && name) {
      const names = await source.list();
      if (names === undefined || names.includes(name)) {
        return {
          info: infoFor(source, name),
          model: await this.#model(source, name),
        };
      }
    }
    const available = (await this.listModels()).map((m) => m.id);
    throw new ValidationError(
      `Unknown model "${wanted}". Available models: ${available.join(", ")}.`,
      { field: "model" },
    );
  }

  #model(source: ModelSource, name: string): Promise<LanguageModelV4> {
    const key = `${source.prefix}:${name}`;
    let model = this.#models.get(key);
    if (!model) {
      model = source.model(name);
      this.#models.set(key, model);
    }
    return model;
  }
}

function infoFor(source: ModelSource, name: string): ModelInfo {
  return {
    id: `${source.prefix}:${name}`,
    name,
    provider: source.prefix,
    providerLabel: source.label,
    images: acceptsImages(source.prefix, name),
  };
}

/** Options of {@linkcode createModelRegistry} beyond the configuration. */
export interface CreateRegistryOptions {
  /** Longest wait for a provider's response headers, in milliseconds. */
  connectTimeoutMs?: number;
  /** Longest silence between two chunks of a reply, in milliseconds. */
  idleTimeoutMs?: number;
}

/**
 * Build the registry the server uses from its configuration: the demo
 * model paced by `demoTokenDelayMs`, an OpenAI-compatible source when a key
 * or base URL is set, Anthropic when a key is set.
 */
export function createModelRegistry(
  config: Config,
  options: CreateRegistryOptions = {},
): ModelRegistry {
  const fetch = createGuardedFetch(options);
  const sources: ModelSource[] = [];
  if (config.openaiApiKey || config.openaiBaseUrl) {
    sources.push(
      new OpenAISource({
        apiKey: config.openaiApiKey,
        baseUrl: config.openaiBaseUrl,
        models: config.openaiModels,
        fetch,
      }),
    );
  }
  if (config.anthropicApiKey) {
    sources.push(
      new AnthropicSource({
        apiKey: config.anthropicApiKey,
        baseUrl: config.anthropicBaseUrl,
        reasoning: config.anthropicReasoning,
        fetch,
      }),
    );
  }
  return new ModelRegistry({
    defaultModel: config.defaultModel,
    demo: new DemoLanguageModel({ tokenDelayMs: config.demoTokenDelayMs }),
    sources,
  });
}
