/**
 * The one markdown renderer used for server-rendered history and for the
 * reply streaming into the chat island, so both always agree.
 *
 * @module
 */
import MarkdownIt from "markdown-it";
import { codeBlocks } from "./code_blocks.ts";
import { math } from "./math.ts";
import { safeLinks } from "./safe_links.ts";
import { completeStreamingText } from "./streaming.ts";
import { taskLists } from "./task_lists.ts";

/** Options for {@linkcode renderMarkdown}. */
export interface RenderMarkdownOptions {
  /**
   * The text is a reply still arriving: render its unfinished tail the way
   * it will most likely end up (see streaming.ts). Leave off for the final
   * render.
   */
  streaming?: boolean;
}

const md = MarkdownIt("default", {
  html: false,
  linkify: true,
  typographer: false,
  breaks: false,
});
md.use(safeLinks).use(codeBlocks).use(math).use(taskLists);

/**
 * Render untrusted markdown (model output, user messages) to an HTML string
 * that is safe to insert as-is: raw HTML is shown as text, only http(s),
 * mailto and relative URLs survive, code and math are left as placeholders
 * for the browser to enhance lazily.
 */
export function renderMarkdown(
  text: string,
  options?: RenderMarkdownOptions,
): string {
  return md.render(options?.streaming ? completeStreamingText(text) : text);
}
