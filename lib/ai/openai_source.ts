/**
 * Any server that speaks OpenAI's chat-completions API (OpenAI, Ollama,
 * LM Studio, vLLM, OpenRouter, …), through `@ai-sdk/openai-compatible`
 * so that pointing `OPENAI_BASE_URL` elsewhere needs no code change.
 *
 * @module
 */
import type { OpenAICompatibleProvider } from "@ai-sdk/openai-compatible";
import type { LanguageModelV4 } from "@ai-sdk/provider";
import { CachedModelList, type ModelIds } from "./model_list.ts";
import type { ModelSource, RemoteSourceOptions } from "./model_source.ts";

/** OpenAI's own endpoint, used when only a key is configured. */
export const OPENAI_DEFAULT_BASE_URL = "https://api.openai.com/v1";

/** Options of {@linkcode OpenAISource}. */
export interface OpenAISourceOptions extends RemoteSourceOptions {
  /** Bearer key; local servers often need none. */
  apiKey?: string;
  /** Base URL up to and including `/v1`. */
  baseUrl?: string;
  /** Fixed model names offered instead of asking `/models`. */
  models?: readonly string[];
}

/** Models of an OpenAI-compatible server, ids `openai:<name>`. */
export class OpenAISource implements ModelSource {
  readonly prefix = "openai";
  readonly label = "OpenAI-compatible";
  #provider: Promise<OpenAICompatibleProvider> | undefined;
  #settings: { baseURL: string; apiKey?: string; fetch: typeof fetch };
  #fixed?: readonly string[];
  #list: CachedModelList;

  /** Configure the server; nothing is contacted until a list or a call. */
  constructor(options: OpenAISourceOptions) {
    const baseURL = (options.baseUrl ?? OPENAI_DEFAULT_BASE_URL).replace(
      /\/+$/,
      "",
    );
    this.#settings = { baseURL, apiKey: options.apiKey, fetch: options.fetch };
    this.#fixed = options.models?.length ? [...options.models] : undefined;
    const headers: Record<string, string> = options.apiKey
      ? { authorization: `Bearer ${options.apiKey}` }
      : {};
    this.#list = new CachedModelList({
      url: `${baseURL}/models`,
      headers,
      fetch: options.listFetch,
    });
  }

  /** The configured list, or the server's `/models` (cached). */
  list(): Promise<ModelIds> {
    return this.#fixed ? Promise.resolve(this.#fixed) : this.#list.get();
  }

  /** A chat-completions model; the SDK is loaded on first use. */
  async model(name: string): Promise<LanguageModelV4> {
    this.#provider ??= import("@ai-sdk/openai-compatible").then((sdk) =>
      sdk.createOpenAICompatible({
        name: "openai",
        includeUsage: true,
        ...this.#settings,
      })
    );
    return (await this.#provider).chatModel(name);
  }
}
