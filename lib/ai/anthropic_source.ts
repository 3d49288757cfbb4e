/**
 * Anthropic's messages API (or a server speaking it), through
 * `@ai-sdk/anthropic`.
 *
 * @module
 */
import type { AnthropicProvider } from "@ai-sdk/anthropic";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { CachedModelList, type ModelIds } from "./model_list.ts";
import type { ModelSource, RemoteSourceOptions } from "./model_source.ts";
import type { ReasoningEffort } from "../config.ts";

/** Anthropic's own endpoint, used when no base URL is configured. */
export const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com/v1";

/** Options of {@linkcode AnthropicSource}. */
export interface AnthropicSourceOptions extends RemoteSourceOptions {
  apiKey: string;
  /** Base URL up to and including `/v1`. */
  baseUrl?: string;
  /**
   * Thinking asked of every model (`ANTHROPIC_REASONING`); the AI SDK turns
   * it into the model's own setting (a thinking budget or adaptive
   * thinking with an effort). Unset asks for nothing.
   */
  reasoning?: ReasoningEffort;
}

/** Anthropic models, ids `anthropic:<name>`. */
export class AnthropicSource implements ModelSource {
  readonly prefix = "anthropic";
  readonly label = "Anthropic";
  #provider: Promise<AnthropicProvider> | undefined;
  #settings: { baseURL: string; apiKey: string; fetch: typeof fetch };
  #list: CachedModelList;
  #reasoning: ReasoningEffort | undefined;

  /** Configure the endpoint; nothing is contacted until a list or a call. */
  constructor(options: AnthropicSourceOptions) {
    const baseURL = (options.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL).replace(
      /\/+$/,
      "",
    );
    this.#settings = { baseURL, apiKey: options.apiKey, fetch: options.fetch };
    this.#reasoning = options.reasoning;
    this.#list = new CachedModelList({
      url: `${baseURL}/models?limit=100`,
      headers: {
        "x-api-key": options.apiKey,
        "anthropic-version": "2023-06-01",
      },
      fetch: options.listFetch,
    });
  }

  /** The models the API lists (cached). */
  list(): Promise<ModelIds> {
    return this.#list.get();
  }

  /**
   * A messages-API model; the SDK is loaded on first use. With a
   * reasoning level configured, every call asks for it, so the thinking
   * streams into the reply's "Thinking…" block.
   */
  async model(name: string): Promise<LanguageModelV4> {
    this.#provider ??= import("@ai-sdk/anthropic").then((sdk) =>
      sdk.createAnthropic(this.#settings)
    );
    const model = (await this.#provider).messages(name);
    const reasoning = this.#reasoning;
    if (!reasoning) return model;
    const { wrapLanguageModel } = await import("ai");
    return wrapLanguageModel({
      model,
      middleware: {
        transformParams: ({ params }) =>
          Promise.resolve({ ...params, reasoning }),
      },
    });
  }
}
