/**
 * `stringify`: the real `@std/csv` writer's API and column rules, with the
 * quoting and joining done by csv-stringify.
 * @module
 */

/** A property name (objects) or index (arrays). */
export type PropertyAccessor = number | string;

/** A column with an explicit header and a (possibly nested) property path. */
export type ColumnDetails = {
  /** Header text; defaults to the last accessor of `prop`. */
  header?: string;
  /** Accessor, or path of accessors, of the column's value in each item. */
  prop: PropertyAccessor | PropertyAccessor[];
};

/** One output column: an accessor, a path of accessors, or details. */
export type Column = ColumnDetails | PropertyAccessor | PropertyAccessor[];

/** One input item: a plain object or an array. */
export type DataItem = Record<string, unknown> | unknown[];

/** Options for {@linkcode stringify}. */
export type StringifyOptions = {
  /** Write a header row (only written when `columns` is given). @default {true} */
  headers?: boolean;
  /** Value separator. @default {","} */
  separator?: string;
  /** Which values to write, in order, and their headers. */
  columns?: readonly Column[];
  /** Start the output with a byte-order mark (for spreadsheet apps). @default {false} */
  bom?: boolean;
};

const QUOTE = '"';
const CRLF = "\r\n";
const BYTE_ORDER_MARK = "\ufeff";

interface NormalizedColumn {
  header: string;
  prop: PropertyAccessor[];
}

function normalizeColumn(column: Column): NormalizedColumn {
  if (Array.isArray(column)) {
    return { header: String(column[column.length - 1]), prop: column };
  }
  if (typeof column === "object") {
    const prop = Array.isArray(column.prop) ? column.prop : [column.prop];
    const header = typeof column.header === "string"
      ? column.header
      : String(prop[prop.length - 1]);
    return { header, prop };
  }
  return { header: String(column), prop: [column] };
}

function valuesOf(item: DataItem, columns: NormalizedColumn[]): unknown[] {
  if (columns.length === 0) {
    if (Array.isArray(item)) return item;
    if (typeof item === "object") {
      throw new TypeError(
        "No property accessor function was provided for object",
      );
    }
    return [item];
  }
  return columns.map((column) => {
    let value: unknown = item;
    for (const prop of column.prop) {
      if (typeof value !== "object" || value === null) continue;
      if (Array.isArray(value)) {
        if (typeof prop !== "number") {
          throw new TypeError('Property accessor is not of type "number"');
        }
        value = value[prop];
      } else value = (value as Record<string, unknown>)[prop];
    }
    return value;
  });
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** Rejects separators that cannot be written unambiguously. */
export function checkSeparator(separator: string): void {
  if (separator.includes(QUOTE) || separator.includes(CRLF)) {
    throw new TypeError([
      "Separator cannot include the following strings:",
      '  - U+0022: Quotation mark (")',
      "  - U+000D U+000A: Carriage Return + Line Feed (\\r\\n)",
    ].join("\n"));
  }
}

/**
 * Writes rows of strings, CRLF after every row. A field is quoted when it
 * holds the separator, a LF or a quote, exactly as the real module decides
 * (a lone CR is written as it is).
 */
export function writeRows(rows: string[][], separator: string): string {
  let out = "";
  for (const row of rows) {
    out += row.map((field) =>
      field.includes(separator) || field.includes("\n") ||
        field.includes(QUOTE)
        ? QUOTE + field.replaceAll(QUOTE, QUOTE + QUOTE) + QUOTE
        : field
    ).join(separator) + CRLF;
  }
  return out;
}

/**
 * Writes items as CSV: arrays as they are, objects through `columns`.
 * Every row, the last included, ends with CRLF.
 *
 * @example
 * ```ts
 * import { stringify } from "@std/csv";
 * stringify([{ a: 1, b: "x,y" }], { columns: ["a", "b"] });
 * // 'a,b\r\n1,"x,y"\r\n'
 * ```
 */
export function stringify(
  data: readonly DataItem[],
  options?: StringifyOptions,
): string {
  const { headers = true, separator = ",", columns = [], bom = false } =
    options ?? {};
  checkSeparator(separator);
  const normalized = columns.map(normalizeColumn);
  const rows: string[][] = [];
  if (headers && normalized.length > 0) {
    rows.push(normalized.map((column) => column.header));
  }
  for (const item of data) rows.push(valuesOf(item, normalized).map(cellText));
  return (bom ? BYTE_ORDER_MARK : "") + writeRows(rows, separator);
}
