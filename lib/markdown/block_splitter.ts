/**
 * Where the finished blocks of a streaming reply end, so that only its
 * unfinished tail is rendered again as text arrives: rendering the whole
 * reply on every frame costs more the longer it gets.
 *
 * A block is finished once a blank line follows it and the next line starts
 * at the left margin: later text cannot change how it renders, apart from
 * rare cases the final render of the whole reply puts right (two halves of
 * a loose list, a link reference defined further down). Code fences and
 * `$$`/`\[` math blocks may hold blank lines, so they are tracked.
 *
 * @module
 */

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})(.*)$/;
const FENCE_CLOSE = /^ {0,3}(`{3,}|~{3,})[ \t\r]*$/;

/**
 * Reads a growing text line by line (each line once) and keeps the end of
 * its finished blocks.
 */
export class BlockSplitter {
  /** Start of the first line not read yet. */
  #read = 0;
  /** What closes the open fence or math block ("```", "$$", "\\]"), or "". */
  #closer = "";
  /** The last line read outside a fence was blank. */
  #blank = false;
  #finished = 0;

  /**
   * Read the complete lines `text` has gained (it must extend the text
   * given before) and return where its finished blocks end: 0, or the
   * start of a line.
   */
  advance(text: string): number {
    let start = this.#read;
    for (let end = text.indexOf("\n", start); end !== -1;) {
      this.#line(text.slice(start, end), start);
      start = end + 1;
      end = text.indexOf("\n", start);
    }
    this.#read = start;
    return this.#finished;
  }

  #line(line: string, start: number): void {
    if (this.#closer) {
      if (closes(line, this.#closer)) this.#closer = "";
      return;
    }
    if (line.trim() === "") {
      this.#blank = true;
      return;
    }
    if (this.#blank && line[0] !== " " && line[0] !== "\t") {
      this.#finished = start;
    }
    this.#blank = false;
    this.#closer = opens(line);
  }
}

/** What would close the fence or math block `line` opens, or "". */
function opens(line: string): string {
  const fence = FENCE_OPEN.exec(line);
  if (fence) {
    // A backtick fence's info string cannot hold a backtick.
    return fence[1][0] === "`" && fence[2].includes("`") ? "" : fence[1];
  }
  const math = line.trimStart();
  for (const [open, close] of [["$$", "$$"], ["\\[", "\\]"]]) {
    if (!math.startsWith(open)) continue;
    const rest = math.slice(open.length).trimEnd();
    // "$$x$$" on one line is a whole block.
    return rest.length > close.length && rest.endsWith(close) ? "" : close;
  }
  return "";
}

function closes(line: string, closer: string): boolean {
  if (closer === "$$" || closer === "\\]") {
    return line.trimEnd().endsWith(closer);
  }
  const fence = FENCE_CLOSE.exec(line);
  return fence !== null && fence[1][0] === closer[0] &&
    fence[1].length >= closer.length;
}
