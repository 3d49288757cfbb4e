/**
 * Models and providers: the built-in `demo` model, OpenAI-compatible
 * servers and Anthropic, behind one registry, plus the streaming call the
 * chat service makes and the errors it can end with.
 *
 * ```ts
 * const models = createModelRegistry(readConfig());
 * const { model } = await models.resolve("demo");
 * for await (const part of streamReply(model, { messages: [{ role: "user", content: "Hi" }] })) {
 *   if (part.type === "text") console.log(part.text);
 * }
 * ```
 *
 * @module
 */
export {
  createModelRegistry,
  DEMO_MODEL_ID,
  ModelRegistry,
} from "./registry.ts";
export type {
  CreateRegistryOptions,
  ModelInfo,
  ModelRegistryOptions,
  ResolvedModel,
} from "./registry.ts";
export { DemoLanguageModel } from "./demo_model.ts";
export type { DemoModelOptions } from "./demo_model.ts";
export { countRequest, demoReply, deriveTitle } from "./demo_reply.ts";
export { pumpReply, streamReply, toPrompt } from "./reply_stream.ts";
export type {
  ChatTurn,
  ReplyFinish,
  ReplyPart,
  ReplyRequest,
  ReplyUsage,
} from "./reply_stream.ts";
export {
  isAbort,
  ProviderError,
  ProviderTimeoutError,
  toProviderError,
} from "./provider_error.ts";
export type { ProviderErrorKind } from "./provider_error.ts";
export { createGuardedFetch } from "./guarded_fetch.ts";
export type { GuardedFetchOptions } from "./guarded_fetch.ts";
export { OpenAISource } from "./openai_source.ts";
export type { OpenAISourceOptions } from "./openai_source.ts";
export { AnthropicSource } from "./anthropic_source.ts";
export type { AnthropicSourceOptions } from "./anthropic_source.ts";
export type { ModelSource } from "./model_source.ts";
export { cleanTitle, generateTitle } from "./title.ts";
export { describe, fileParts, partAttachment } from "./turn_files.ts";
export type { TurnFile } from "./turn_files.ts";
export { acceptsImages } from "./vision.ts";
export type { TitleOptions } from "./title.ts";
