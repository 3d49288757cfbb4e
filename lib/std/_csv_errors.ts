/**
 * Error types of the CSV stand-in. Both extend the class the real `@std/csv`
 * 1.x throws (`SyntaxError` for bad input, `TypeError` for bad stringify
 * arguments), so `instanceof` checks written against the real module hold.
 * @module
 */

/** Where a parse error happened; all numbers are 1-based. */
export interface ParseErrorPosition {
  /** Line on which the failing record starts. */
  startLine: number;
  /** Line on which the error was found. */
  line: number;
  /** Column (in code points) at which the error was found. */
  column: number;
}

/**
 * Thrown for malformed CSV input. Carries the position as fields, so a
 * caller that reports a corrupt file can point at the exact place instead of
 * parsing the message.
 */
export class ParseError extends SyntaxError {
  /** Line on which the failing record starts (1-based). */
  readonly startLine: number;
  /** Line on which the error was found (1-based). */
  readonly line: number;
  /** Column, in code points, at which the error was found (1-based). */
  readonly column: number;

  /** Builds the error from a finished message and its position. */
  constructor(message: string, position: ParseErrorPosition) {
    super(message);
    this.startLine = position.startLine;
    this.line = position.line;
    this.column = position.column;
  }
}

/** Message for a quote problem, worded as the real module words it. */
export function quoteErrorMessage(
  position: ParseErrorPosition,
  bare: boolean,
): string {
  const what = bare
    ? 'bare " in non-quoted-field'
    : 'extraneous or missing " in quoted-field';
  return `Syntax error on line ${position.startLine}; parse error on line ${position.line}, column ${position.column}: ${what}`;
}
