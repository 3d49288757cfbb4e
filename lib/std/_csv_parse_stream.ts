/**
 * `CsvParseStream`: a `TransformStream<string, row>` on csv-parse's
 * incremental parser, with the same options and rows as `parse`.
 * @module
 */
import { Buffer } from "node:buffer";
import { parse as csvParseStream } from "csv-parse/stream";
import { RecordReader, type Row } from "./_csv_reader.ts";
import { TextTracker } from "./_csv_text.ts";
import type { CsvParseStreamOptions, RowType } from "./_csv_types.ts";

const BYTE_ORDER_MARK = "\ufeff";
/** Kept text beyond which finished records are forgotten. */
const COMPACT_AT = 1 << 16;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Parses a stream of CSV text chunks (split anywhere, even inside a
 * character pair or a CRLF) into records.
 *
 * @example
 * ```ts
 * import { CsvParseStream } from "@std/csv";
 * const rows = await Array.fromAsync(
 *   ReadableStream.from(["a,b\n", "c,d\n"]).pipeThrough(new CsvParseStream()),
 * ); // [["a", "b"], ["c", "d"]]
 * ```
 */
export class CsvParseStream<
  const T extends CsvParseStreamOptions | undefined = undefined,
> implements TransformStream<string, RowType<T>> {
  readonly #readable: ReadableStream<RowType<T>>;
  readonly #writable: WritableStream<string>;

  /** Builds the stream; bad options throw here, as in the real module. */
  constructor(options?: T) {
    const reader = new RecordReader(options ?? {});
    const tracker = new TextTracker();
    let previousEnd = 0;
    let held = "";
    let first = true;

    const feed = (text: string): Uint8Array | undefined => {
      if (text.length === 0) return undefined;
      tracker.append(text);
      return Buffer.from(text);
    };
    const encoder = new TransformStream<string, Uint8Array>({
      transform(chunk, controller) {
        let text = held + chunk;
        if (first && text.length > 0) {
          first = false;
          if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
        }
        // Hold back what the next chunk may change: half a surrogate pair,
        // or a CR that is dropped if the input ends right after it.
        const last = text.charCodeAt(text.length - 1);
        const keep = text.length > 0 && (isHighSurrogate(last) || last === 13);
        held = keep ? text.slice(-1) : "";
        const bytes = feed(keep ? text.slice(0, -1) : text);
        if (bytes) controller.enqueue(bytes);
      },
      flush(controller) {
        const bytes = feed(held === "\r" ? "" : held);
        if (bytes) controller.enqueue(bytes);
      },
    });

    const records = encoder.readable.pipeThrough(
      csvParseStream(reader.csvParseOptions((fields, endByte) => {
        const start = previousEnd;
        previousEnd = endByte;
        const row = reader.take(fields, () => reader.startLine(tracker, start));
        if (tracker.retained > COMPACT_AT) tracker.dropBefore(endByte);
        return row ?? null;
      })),
    ).getReader() as ReadableStreamDefaultReader<Row>;

    this.#writable = encoder.writable;
    this.#readable = new ReadableStream<RowType<T>>({
      async pull(controller) {
        let result;
        try {
          result = await records.read();
        } catch (error) {
          throw reader.translate(error, tracker, previousEnd);
        }
        if (result.done) controller.close();
        else controller.enqueue(result.value as RowType<T>);
      },
      cancel(reason) {
        return records.cancel(reason);
      },
    }, { highWaterMark: 0 });
  }

  /** Records, one chunk each. */
  get readable(): ReadableStream<RowType<T>> {
    return this.#readable;
  }

  /** Where CSV text goes in. */
  get writable(): WritableStream<string> {
    return this.#writable;
  }
}
