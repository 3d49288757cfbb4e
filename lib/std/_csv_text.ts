/**
 * Maps csv-parse's UTF-8 byte offsets back to characters and line numbers.
 * csv-parse counts bytes; messages count lines and code points. Keeping the
 * text (all of it for `parse`, the unfinished tail for the stream) lets the
 * error path compute exact positions without slowing the happy path.
 * @module
 */

function utf8Step(text: string, i: number): [bytes: number, units: number] {
  const c = text.charCodeAt(i);
  if (c < 0x80) return [1, 1];
  if (c < 0x800) return [2, 1];
  if (
    c >= 0xd800 && c <= 0xdbff && i + 1 < text.length &&
    (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00
  ) return [4, 2];
  return [3, 1];
}

function countLineFeeds(text: string, end: number): number {
  let n = 0;
  for (
    let i = text.indexOf("\n");
    i >= 0 && i < end;
    i = text.indexOf("\n", i + 1)
  ) n++;
  return n;
}

/** Text seen so far, addressed by absolute byte offsets. */
export class TextTracker {
  #text = "";
  #baseByte = 0;
  #baseLine = 0;

  /** Adds text that was handed to the parser. */
  append(text: string): void {
    this.#text += text;
  }

  /** Number of UTF-16 units kept; lets the stream decide when to compact. */
  get retained(): number {
    return this.#text.length;
  }

  #indexOf(byte: number): number {
    const text = this.#text;
    let bytes = this.#baseByte;
    let i = 0;
    while (bytes < byte && i < text.length) {
      const [b, u] = utf8Step(text, i);
      bytes += b;
      i += u;
    }
    return i;
  }

  /** Forgets text before `byte` (a record end), keeping the line count. */
  dropBefore(byte: number): void {
    const i = this.#indexOf(byte);
    this.#baseLine += countLineFeeds(this.#text, i);
    this.#text = this.#text.slice(i);
    this.#baseByte = byte;
  }

  /** Kept text from `byte` on, and the 0-based line on which it starts. */
  from(byte: number): { text: string; line: number } {
    const i = this.#indexOf(byte);
    return {
      text: this.#text.slice(i),
      line: this.#baseLine + countLineFeeds(this.#text, i),
    };
  }
}

/** 0-based line of index `at` within `text`. */
export function lineOf(text: string, at: number): number {
  return countLineFeeds(text, at);
}
