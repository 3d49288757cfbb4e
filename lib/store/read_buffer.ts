/**
 * Growing a read buffer: the files read a piece at a time (messages CSV,
 * search index) read into one buffer, doubled only when a single row or
 * record does not fit it.
 *
 * @module
 */

/** `buffer`, or a copy of twice its size when it is `filled` up. */
export function roomIn(
  buffer: Uint8Array<ArrayBuffer>,
  filled: number,
): Uint8Array<ArrayBuffer> {
  if (filled < buffer.length) return buffer;
  const grown = new Uint8Array(buffer.length * 2);
  grown.set(buffer);
  return grown;
}
