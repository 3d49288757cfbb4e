/**
 * A remote provider as the model registry sees it: a prefix for model ids,
 * a way to list what it serves and a way to build a language model.
 * One implementation per wire format (OpenAI-compatible, Anthropic).
 *
 * @module
 */
import type { LanguageModelV4 } from "@ai-sdk/provider";
import type { ModelIds } from "./model_list.ts";

/** One configured provider. */
export interface ModelSource {
  /** Prefix of its model ids: `openai` for `openai:gpt-4o-mini`. */
  readonly prefix: string;
  /** Human name shown next to its models. */
  readonly label: string;
  /** Model names it serves; `undefined` when that cannot be known now. */
  list(): Promise<ModelIds>;
  /**
   * The language model for a model name (without the prefix). Async so a
   * provider's SDK is loaded only once a model of it is used.
   */
  model(name: string): Promise<LanguageModelV4>;
}

/** Settings shared by the remote sources. */
export interface RemoteSourceOptions {
  /** The fetch every request goes through (see `createGuardedFetch`). */
  fetch: typeof fetch;
  /** Fetch for the model listing (plain, short timeout). */
  listFetch?: typeof fetch;
}
