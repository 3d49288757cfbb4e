/**
 * The text of an import file, handed out in slices with a turn of the event
 * loop between them, so parsing a file of tens of MB never stops the server
 * from answering other requests, and a body larger than the limit is refused
 * (413) as soon as it is, without being buffered.
 *
 * @module
 */
import { PayloadTooLargeError, ValidationError } from "../errors.ts";
import { IMPORT_LIMITS, IMPORT_SLICE_CHARS } from "./import_limits.ts";

/** Where an import's text comes from: the whole text, or a byte stream. */
export type ImportSource = string | ReadableStream<Uint8Array>;

/** Options of {@linkcode importSlices}. */
export interface ImportSliceOptions {
  /** Largest file in bytes; default {@linkcode IMPORT_LIMITS.bytes}. */
  maxBytes?: number;
  /** Told the characters handed out so far, before each slice. */
  onProgress?: (chars: number) => void;
}

/** Longest run of parsing before other requests and timers get a turn. */
export const IMPORT_TURN_MS = 8;
/** Slices parsed at most before a turn, however quick they were. */
export const IMPORT_TURN_SLICES = 16;

/**
 * Let other requests (I/O) and timers run before going on, once every
 * {@linkcode IMPORT_TURN_MS} of work or {@linkcode IMPORT_TURN_SLICES} slices: a turn costs a few ms (`setTimeout`
 * is clamped; `setImmediate` turns rarely poll I/O), so yielding after
 * every slice would add seconds to a large import.
 */
export function turnTaker(): () => Promise<void> | undefined {
  let since = performance.now();
  let calls = 0;
  return () => {
    if (
      ++calls % IMPORT_TURN_SLICES !== 0 &&
      performance.now() - since < IMPORT_TURN_MS
    ) return undefined;
    return new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
      since = performance.now();
    });
  };
}

/** The message of the 413 for a file over `maxBytes`. */
export function tooLargeMessage(maxBytes: number): string {
  return `The file is larger than ${
    Math.round(maxBytes / 1024 / 1024)
  } MB, the most an import accepts`;
}

async function* decoded(
  source: ImportSource,
  maxBytes: number,
): AsyncGenerator<string> {
  if (typeof source === "string") {
    yield source;
    return;
  }
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const fail = () =>
    new ValidationError("The file is not UTF-8 text", { field: "file" });
  let size = 0;
  const reader = source.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        throw new PayloadTooLargeError(tooLargeMessage(maxBytes));
      }
      try {
        yield decoder.decode(value, { stream: true });
      } catch {
        throw fail();
      }
    }
    try {
      yield decoder.decode();
    } catch {
      throw fail();
    }
  } finally {
    // Stop reading a body that is refused half way.
    await reader.cancel().catch(() => {});
  }
}

/**
 * The file's text in slices of at most {@linkcode IMPORT_SLICE_CHARS},
 * without a leading byte order mark, with turns of the event loop between.
 */
export async function* importSlices(
  source: ImportSource,
  options: ImportSliceOptions = {},
): AsyncGenerator<string> {
  const maxBytes = options.maxBytes ?? IMPORT_LIMITS.bytes;
  if (typeof source === "string" && source.length > maxBytes) {
    // UTF-8 takes at least a byte a character.
    throw new PayloadTooLargeError(tooLargeMessage(maxBytes));
  }
  let handed = 0;
  let first = true;
  const turn = turnTaker();
  for await (let text of decoded(source, maxBytes)) {
    if (first && text !== "") {
      text = text.replace(/^\uFEFF/, "");
      first = false;
    }
    for (let at = 0; at < text.length; at += IMPORT_SLICE_CHARS) {
      await turn();
      options.onProgress?.(handed);
      const slice = text.slice(at, at + IMPORT_SLICE_CHARS);
      handed += slice.length;
      yield slice;
    }
  }
}
