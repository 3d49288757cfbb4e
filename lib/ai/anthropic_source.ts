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

/** Anthropic's own endpoint, used when no base URL is configured. */
export const ANTHROPIC_DEFAULT_BASE_URL = "https://api.anthropic.com/v1";

/** Options of {@linkcode AnthropicSource}. */
export interface AnthropicSourceOptions extends RemoteSourceOptions {
  apiKey: string;
  /** Base URL up to and including `/v1`. */
  baseUrl?: string;
}

/** Anthropic models, ids `anthropic:<name>`. */
export class AnthropicSource implements ModelSource {
  readonly prefix = "anthropic";
  readonly label = "Anthropic";
  #provider: Promise<AnthropicProvider> | undefined;
  #settings: { baseURL: string; apiKey: string; fetch: typeof fetch };
  #list: CachedModelList;

  /** Configure the endpoint; nothing is contacted until a list or a call. */
  constructor(options: AnthropicSourceOptions) {
    const baseURL = (options.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL).replace(
      /\/+$/,
      "",
    );
    this.#settings = { baseURL, apiKey: options.apiKey, fetch: options.fetch };
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

  /** A messages-API model; the SDK is loaded on first use. */
  async model(name: string): Promise<LanguageModelV4> {
    this.#provider ??= import("@ai-sdk/anthropic").then((sdk) =>
      sdk.createAnthropic(this.#settings)
    );
    return (await this.#provider).messages(name);
  }
}
