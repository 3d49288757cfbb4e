/**
 * Option and result types shared by `parse` and `CsvParseStream`, shaped like
 * the real `@std/csv` ones so that typed call sites compile unchanged.
 * @module
 */

/** Options for {@linkcode parse}. */
export interface ParseOptions {
  /** Character(s) separating values. @default {","} */
  separator?: string;
  /** Lines starting with this character (no leading whitespace) are skipped. */
  comment?: string;
  /** Trim leading whitespace of each field. @default {false} */
  trimLeadingSpace?: boolean;
  /** Accept quotes inside unquoted fields and stray quotes in quoted ones. */
  lazyQuotes?: boolean;
  /**
   * Expected number of fields per record: positive = exactly that many,
   * 0 = as many as the first record, negative or unset = any.
   */
  fieldsPerRecord?: number;
  /**
   * Skip the first record; without `columns` it names the fields of the
   * returned objects. @default {false}
   */
  skipFirstRow?: boolean;
  /** Field names; records are returned as objects with these keys. */
  columns?: readonly string[];
}

/** Options for {@linkcode CsvParseStream}; the same as for `parse`. */
export type CsvParseStreamOptions = ParseOptions;

/**
 * An object record: keyed by the given column names when they are known
 * literally, otherwise by any string.
 */
export type RecordWithColumn<C extends string> = string extends C
  ? Record<string, string | undefined>
  : Record<C, string>;

/** What `parse` returns for the options type `T`. */
export type ParseResult<ParseOptions, T> = T extends
  ParseOptions & { columns: readonly (infer C extends string)[] }
  ? RecordWithColumn<C>[]
  : T extends ParseOptions & { skipFirstRow: true }
    ? Record<string, string | undefined>[]
  : T extends
    ParseOptions & { columns?: undefined; skipFirstRow?: false | undefined }
    ? string[][]
  : Record<string, string | undefined>[] | string[][];

/** What one chunk of `CsvParseStream` is for the options type `T`. */
export type RowType<T> = T extends undefined ? string[]
  : ParseResult<CsvParseStreamOptions, T>[number];
