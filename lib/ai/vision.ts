/**
 * Which models are sent images. Providers do not say, so it is decided by
 * the model's name: every Claude model from Claude 3 on reads images; on
 * OpenAI-compatible servers the known vision families do (GPT-4o, 4.1, 5,
 * o-series, and open models named for vision such as LLaVA, Pixtral,
 * Qwen-VL, Llama 4, Gemma 3). A model not recognised gets a short note
 * instead of the image rather than a failed request.
 *
 * @module
 */

const OPENAI_VISION =
  /gpt-4o|gpt-4\.1|gpt-4-turbo|gpt-4-vision|gpt-5|chatgpt-4o|(^|\/)o[1345](-|$)|vision|llava|pixtral|[-_.]vl\b|vl[-_:]|qwen.*vl|llama-?4|gemma-?3|claude-(3|sonnet|opus|haiku)|gemini|minicpm-v|internvl|moondream/i;

/** Whether the model `name` of provider `prefix` is sent images. */
export function acceptsImages(prefix: string, name: string): boolean {
  if (prefix === "demo") return true;
  if (prefix === "anthropic") return !/claude-(2|instant)/i.test(name);
  return OPENAI_VISION.test(name);
}
