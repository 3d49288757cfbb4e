/**
 * A short title for a new conversation, so the sidebar says more than
 * "New chat". The demo derives one from the question; real models get one
 * small call; if that fails or is slow, the question's first words do.
 *
 * @module
 */
import { clipAtWord, deriveTitle } from "./demo_reply.ts";
import type { ResolvedModel } from "./registry.ts";

/** Options of {@linkcode generateTitle}. */
export interface TitleOptions {
  /** Give up on the model call after this long, in milliseconds. */
  timeoutMs?: number;
  /** Cancels the title call (server shutdown). */
  abortSignal?: AbortSignal;
}

/** Longest title kept, in characters. */
export const MAX_TITLE_CHARS = 80;

/** Tidy a model's title: first line, no quotes or trailing period, bounded. */
export function cleanTitle(raw: string): string {
  const line = raw.split("\n").map((l) => l.trim()).find(Boolean) ?? "";
  const bare = line
    .replace(/^(title\s*:\s*)/i, "")
    .replace(/^[#*\s"'“”‘’`]+|[*\s"'“”‘’`]+$/g, "")
    .replace(/[.。]+$/, "")
    .trim();
  return clipAtWord(bare, MAX_TITLE_CHARS);
}

/**
 * Title for a conversation that opened with `question` and got `answer`.
 * Never throws: falls back to the question's first words.
 */
export async function generateTitle(
  resolved: ResolvedModel,
  question: string,
  answer: string,
  options: TitleOptions = {},
): Promise<string> {
  const fallback = deriveTitle(question);
  if (resolved.info.provider === "demo") return fallback;
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 10_000)];
  if (options.abortSignal) signals.push(options.abortSignal);
  try {
    // Loaded on first use: a demo-only server never pays for the SDK.
    const { generateText } = await import("ai");
    const { text } = await generateText({
      model: resolved.model,
      system: "You name chat conversations. Answer with a title of 2 to 6 " +
        "words in the language of the conversation, and nothing else.",
      prompt: `User: ${question.slice(0, 2000)}\n\n${
        answer ? `Assistant: ${answer.slice(0, 1000)}\n\n` : ""
      }Title:`,
      maxOutputTokens: 24,
      maxRetries: 0,
      abortSignal: AbortSignal.any(signals),
    });
    return cleanTitle(text) || fallback;
  } catch {
    return fallback;
  }
}
