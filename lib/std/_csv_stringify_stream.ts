/**
 * `CsvStringifyStream`: items in, CSV text out, one chunk per row.
 * @module
 */
import { stringify } from "./_csv_stringify.ts";

/** Options for {@linkcode CsvStringifyStream}. */
export interface CsvStringifyStreamOptions {
  /** Value separator. @default {","} */
  readonly separator?: string;
  /** Property names to write; given, a header row is written first. */
  readonly columns?: Array<string>;
}

/**
 * Encodes a stream of items as CSV text.
 *
 * @example
 * ```ts
 * import { CsvStringifyStream } from "@std/csv";
 * const text = await Array.fromAsync(
 *   ReadableStream.from([{ id: 1 }]).pipeThrough(
 *     new CsvStringifyStream({ columns: ["id"] }),
 *   ),
 * ); // ["id\r\n", "1\r\n"]
 * ```
 */
export class CsvStringifyStream<TOptions extends CsvStringifyStreamOptions>
  extends TransformStream<
    TOptions["columns"] extends Array<string> ? Record<string, unknown>
      : Array<unknown>,
    string
  > {
  /** Builds the stream; the header row, if any, is its first chunk. */
  constructor(options?: TOptions) {
    const { separator, columns = [] } = options ?? {};
    super({
      start(controller) {
        if (columns.length === 0) return;
        try {
          controller.enqueue(
            stringify([columns], { separator, headers: false }),
          );
        } catch (error) {
          controller.error(error);
        }
      },
      transform(chunk, controller) {
        controller.enqueue(
          stringify([chunk], { separator, headers: false, columns }),
        );
      },
    });
  }
}
