/**
 * Reads a JSON import file a slice at a time: a top-level array hands out
 * its items one by one (each dropped by the parser once handed out, so a
 * 60 MB `conversations.json` is never held whole), any other top-level
 * value is handed out as the only item. Nesting depth and the number of
 * values in one item are bounded, so no file can make the parser use
 * unbounded memory or stack.
 *
 * @module
 */
import { Tokenizer, TokenParser, TokenType } from "@streamparser/json";
import { isAppError, ValidationError } from "../errors.ts";
import { IMPORT_LIMITS } from "./import_limits.ts";

/** Options of {@linkcode readJsonItems}. */
export interface ReadJsonItemsOptions {
  /** Called with each item, in order; may throw to stop reading. */
  onItem: (item: unknown, index: number) => void;
  /** Deepest nesting; default {@linkcode IMPORT_LIMITS.depth}. */
  maxDepth?: number;
  /** Most values in one item; default {@linkcode IMPORT_LIMITS.valuesPerConversation}. */
  maxValues?: number;
}

/** What {@linkcode readJsonItems} found. */
export interface JsonItemsRead {
  /** The file's top-level value is an array (of items). */
  array: boolean;
  /** Items handed out. */
  count: number;
}

function invalid(error: unknown): ValidationError {
  const reason = error instanceof Error ? error.message : String(error);
  return new ValidationError(`The file is not valid JSON: ${reason}`, {
    field: "file",
  });
}

/**
 * Parse `slices` (the file's text, in order, starting at its first
 * non-blank character) and hand each item to `options.onItem`.
 */
export async function readJsonItems(
  slices: AsyncIterable<string>,
  options: ReadJsonItemsOptions,
): Promise<JsonItemsRead> {
  const maxDepth = options.maxDepth ?? IMPORT_LIMITS.depth;
  const maxValues = options.maxValues ?? IMPORT_LIMITS.valuesPerConversation;
  let tokenizer: Tokenizer | null = null;
  let parser: TokenParser | null = null;
  let array = false;
  let depth = 0;
  let values = 0;
  let count = 0;
  let itemError: unknown = null;
  const start = (firstChar: string) => {
    array = firstChar === "[";
    tokenizer = new Tokenizer();
    parser = new TokenParser({
      paths: [array ? "$.*" : "$"],
      keepStack: false,
    });
    const p = parser;
    parser.onValue = ({ value }) => {
      values = 0;
      try {
        options.onItem(value, count++);
      } catch (error) {
        // Thrown out of the parser's callback, it would be taken for bad JSON.
        itemError = error;
        throw error;
      }
    };
    tokenizer.onToken = (info) => {
      const token = info.token;
      if (token === TokenType.LEFT_BRACE || token === TokenType.LEFT_BRACKET) {
        if (++depth > maxDepth) {
          itemError = new ValidationError(
            `The file nests values more than ${maxDepth} levels deep`,
            { field: "file" },
          );
          throw itemError;
        }
      } else if (
        token === TokenType.RIGHT_BRACE || token === TokenType.RIGHT_BRACKET
      ) {
        depth--;
      }
      if (token !== TokenType.COLON && token !== TokenType.COMMA) {
        if (++values > maxValues) {
          itemError = new ValidationError(
            `Conversation ${
              count + 1
            } of the file holds more than ${maxValues} values`,
            { field: "file" },
          );
          throw itemError;
        }
      }
      p.write(info);
    };
  };
  try {
    for await (const slice of slices) {
      if (slice === "") continue;
      if (tokenizer === null) start(slice.trimStart()[0] ?? "");
      (tokenizer as unknown as Tokenizer).write(slice);
    }
    if (tokenizer === null) throw invalid("the file is empty");
    (tokenizer as Tokenizer).end();
    if (!(parser as unknown as TokenParser).isEnded) {
      throw invalid("the file ends before its last value does");
    }
  } catch (error) {
    if (itemError !== null) throw itemError;
    if (isAppError(error)) throw error;
    throw invalid(error);
  }
  return { array, count };
}
