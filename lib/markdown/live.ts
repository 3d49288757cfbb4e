/**
 * Browser-only: shows a reply while it streams. Finished blocks are
 * rendered once and kept on screen; only the tail is rendered again on each
 * frame, so the cost of a frame does not grow with the reply (laying out a
 * long reply again takes tens of milliseconds). The island loads this
 * module lazily, with the renderer it re-exports for finished replies.
 *
 * @module
 */
import { BlockSplitter } from "./block_splitter.ts";
import { renderMarkdown } from "./render.ts";

export { renderMarkdown };

/** A container showing one streaming reply; give it the text on each frame. */
export class LiveMarkdownView {
  #container: Element;
  #splitter = new BlockSplitter();
  #text = "";
  /** Length of the text rendered as finished blocks. */
  #settledText = 0;
  /** How many of the container's nodes those blocks are. */
  #settledNodes = 0;

  constructor(container: Element) {
    this.#container = container;
  }

  /** Show `text`, normally the text shown before plus what arrived. */
  show(text: string): void {
    if (!text.startsWith(this.#text)) this.#reset();
    this.#text = text;
    const container = this.#container;
    const finished = this.#splitter.advance(text);
    while (container.childNodes.length > this.#settledNodes) {
      container.lastChild!.remove();
    }
    // Safe: renderMarkdown escapes raw HTML and drops unsafe links.
    if (finished > this.#settledText) {
      container.insertAdjacentHTML(
        "beforeend",
        renderMarkdown(text.slice(this.#settledText, finished)),
      );
      this.#settledText = finished;
      this.#settledNodes = container.childNodes.length;
    }
    container.insertAdjacentHTML(
      "beforeend",
      renderMarkdown(text.slice(finished), { streaming: true }),
    );
  }

  #reset(): void {
    this.#container.replaceChildren();
    this.#splitter = new BlockSplitter();
    this.#text = "";
    this.#settledText = 0;
    this.#settledNodes = 0;
  }
}
