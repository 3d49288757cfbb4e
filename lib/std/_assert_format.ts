/**
 * Turns values into readable text for failure messages, and two values
 * into a line diff, so a failed `assertEquals` shows what differs.
 * @module
 */

/** Renders a value fully: every level, sorted keys, one item per line. */
export function format(value: unknown): string {
  return Deno.inspect(value, {
    depth: Infinity,
    sorted: true,
    trailingComma: true,
    compact: false,
    iterableLimit: Infinity,
    strAbbreviateSize: Infinity,
    getters: true,
  });
}

type DiffLine = { kind: "common" | "removed" | "added"; text: string };

/** Above this many cells the LCS table is skipped: both sides are shown. */
const MAX_TABLE = 4_000_000;

function diffLines(a: string[], b: string[]): DiffLine[] {
  if (a.length * b.length > MAX_TABLE) {
    return [
      ...a.map((text) => ({ kind: "removed" as const, text })),
      ...b.map((text) => ({ kind: "added" as const, text })),
    ];
  }
  // Longest common subsequence lengths of every pair of suffixes.
  const width = b.length + 1;
  const table = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * width + j] = a[i] === b[j]
        ? table[(i + 1) * width + j + 1] + 1
        : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
    }
  }
  const out: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push({ kind: "common", text: a[i] });
      i++;
      j++;
    } else if (
      j >= b.length ||
      (i < a.length && table[(i + 1) * width + j] >= table[i * width + j + 1])
    ) {
      out.push({ kind: "removed", text: a[i++] });
    } else {
      out.push({ kind: "added", text: b[j++] });
    }
  }
  return out;
}

const MARKS = { common: "    ", removed: "-   ", added: "+   " };

/** A diff of two values, as the body of a failure message. */
export function diffMessage(actual: unknown, expected: unknown): string {
  const lines = diffLines(
    format(actual).split("\n"),
    format(expected).split("\n"),
  );
  const body = lines.map((line) => MARKS[line.kind] + line.text).join("\n");
  return `    [Diff] Actual / Expected\n\n\n${body}\n`;
}

/** ": msg" when a message was given, "." otherwise. */
export function suffix(msg?: string): string {
  return msg ? `: ${msg}` : ".";
}
