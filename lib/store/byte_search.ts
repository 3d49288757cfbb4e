/**
 * Finding a byte string in megabytes of UTF-8 without decoding them:
 * decoding costs far more than the search (tens of milliseconds for ten
 * megabytes against well under one), so the search index is searched as
 * bytes.
 *
 * @module
 */

const LETTERS_BY_FREQUENCY = "etaoinshrdlcumwfgypbvkjxqz";

/** How common a byte is in text, roughly: higher is more common. */
function commonness(byte: number): number {
  if (byte === 32) return 100;
  const rank = LETTERS_BY_FREQUENCY.indexOf(String.fromCharCode(byte));
  if (rank >= 0) return 90 - rank;
  if (byte >= 48 && byte <= 57) return 50;
  return byte >= 0x80 ? 40 : 30;
}

/**
 * A byte string to find. Jumps between the places of its least common
 * byte with the native `indexOf`, then compares the rest there.
 */
export class BytePattern {
  #bytes: Uint8Array;
  #anchor = 0;

  /**
   * `bytes` must not be empty. With a `sample` of the text to be searched,
   * the anchor is the pattern's byte least seen in it; otherwise the one
   * least common in text in general.
   */
  constructor(bytes: Uint8Array, options: { sample?: Uint8Array } = {}) {
    if (bytes.length === 0) throw new RangeError("empty pattern");
    this.#bytes = bytes;
    let score = (byte: number) => commonness(byte);
    if (options.sample) {
      const counts = new Uint32Array(256);
      for (const byte of options.sample) counts[byte]++;
      score = (byte) => counts[byte] * 128 + commonness(byte);
    }
    for (let i = 1; i < bytes.length; i++) {
      if (score(bytes[i]) < score(bytes[this.#anchor])) this.#anchor = i;
    }
  }

  /** Bytes in the pattern. */
  get length(): number {
    return this.#bytes.length;
  }

  /** First place at or after `from` where the pattern starts, or -1. */
  find(haystack: Uint8Array, from: number): number {
    const p = this.#bytes;
    const k = this.#anchor;
    const last = haystack.length - p.length;
    for (let i = haystack.indexOf(p[k], from + k); i >= 0;) {
      const start = i - k;
      if (start > last) return -1;
      let j = 0;
      while (j < p.length && haystack[start + j] === p[j]) j++;
      if (j === p.length) return start;
      i = haystack.indexOf(p[k], i + 1);
    }
    return -1;
  }
}
