/**
 * The text the built-in `demo` model answers with. It is deterministic (the
 * same question always gets the same reply) and deliberately uses every
 * markdown construct the renderer supports, so a fresh install with no API
 * key still exercises headings, lists, code, tables and quotes.
 *
 * @module
 */

/** Largest count the "count to N" request honours; keeps replies bounded. */
export const MAX_DEMO_COUNT = 1_000_000;

const COUNT_REQUEST = /^\s*count to (\d{1,7})\s*[.!]?\s*$/i;

/**
 * When the question is exactly "count to N", the demo streams the numbers
 * 1…N, one token each. Long, checkable replies drive the relay and
 * concurrency benchmarks and the exactly-once tests.
 */
export function countRequest(question: string): number | undefined {
  const match = COUNT_REQUEST.exec(question);
  if (!match) return undefined;
  const n = Number(match[1]);
  return n >= 1 && n <= MAX_DEMO_COUNT ? n : undefined;
}

const THINK_REQUEST = /^\s*think about\s+(.+?)\s*[.!?]?\s*$/is;

/**
 * What the demo model "thinks" before it answers a message that asks it to
 * ("think about X"), so reasoning can be seen without a reasoning model;
 * empty for any other message.
 */
export function demoReasoning(question: string): string {
  const match = THINK_REQUEST.exec(question);
  if (!match) return "";
  const topic = collapse(match[1]).slice(0, 120);
  return [
    `The person asks me to think about ${topic}.`,
    `First, what do I know about ${topic}? Let me list the parts.`,
    "Then, which part matters most for an answer they can use?",
    "A short structured reply with an example should do.",
  ].join(" ");
}

/** Split a reply into the pieces streamed as deltas: a word with its trailing space. */
export function demoTokens(text: string): string[] {
  return text.match(/\s+|\S+\s*/g) ?? [];
}

/** Tokens of the "count to N" reply, built lazily so a huge N costs no memory up front. */
export function countTokens(n: number): Iterable<string> {
  return {
    *[Symbol.iterator]() {
      for (let i = 1; i <= n; i++) yield i < n ? `${i} ` : `${i}`;
    },
  };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/**
 * `text` in at most `max` characters: cut at the last whole word that
 * fits (a single word longer than that is cut), marked with "…".
 */
export function clipAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  const atWord = /\s/.test(text[max - 1]) || space <= 0
    ? cut
    : cut.slice(0, space);
  return `${atWord.replace(/[\s,;:.\-–—]+$/, "")}…`;
}

/** Escape the characters that would break a markdown table cell or inline code. */
function cell(text: string): string {
  return text.replace(/[|\\`]/g, (c) => `\\${c}`);
}

/**
 * A short title for a conversation that starts with `question`: its first
 * words, capitalised. The demo's "title model", and the fallback for real
 * providers when their title call fails.
 */
export function deriveTitle(question: string, maxWords = 6): string {
  const words = collapse(question).replace(/[#*_`>[\]]/g, "").split(" ")
    .filter(Boolean);
  if (words.length === 0) return "New chat";
  const title = words.slice(0, maxWords).join(" ").replace(/[?.!,;:]+$/, "");
  const clipped = clipAtWord(title, 60);
  return clipped.charAt(0).toUpperCase() + clipped.slice(1);
}

/** Compose the demo's markdown answer to `question` (the last user message). */
export function demoReply(question: string): string {
  const flat = collapse(question);
  const words = flat === "" ? [] : flat.split(" ");
  const longest = words.reduce(
    (best, w) => (w.length > best.length ? w : best),
    "",
  );
  const isQuestion = /\?\s*$/.test(flat);
  const quoted = clip(flat, 200) || "(an empty message)";
  const snippet = JSON.stringify(clip(flat, 80));
  return [
    `## ${deriveTitle(question)}`,
    "",
    `You ${isQuestion ? "asked" : "wrote"}: *${quoted}*`,
    "",
    "This is the **demo** model: it runs inside the server, needs no API key " +
    "and always gives the same answer to the same message. Connect a real " +
    "model by setting `OPENAI_API_KEY`, `OPENAI_BASE_URL` or " +
    "`ANTHROPIC_API_KEY`.",
    "",
    "### What I noticed",
    "",
    `1. Your message has **${words.length}** ${
      words.length === 1 ? "word" : "words"
    } and ${flat.length} ${flat.length === 1 ? "character" : "characters"}.`,
    `2. Its longest word is \`${cell(longest) || "none"}\`.`,
    `3. It ${isQuestion ? "ends with a question mark" : "is a statement"}.`,
    "",
    "- Replies stream token by token and survive a page reload.",
    "- *Stop* keeps what was written so far.",
    "",
    "### A code example",
    "",
    "```ts",
    `const message = ${snippet};`,
    "const words = message.split(/\\s+/).filter(Boolean);",
    `console.log(words.length); // ${words.length}`,
    "```",
    "",
    "### In a table",
    "",
    "| Measure | Value |",
    "| --- | ---: |",
    `| Words | ${words.length} |`,
    `| Characters | ${flat.length} |`,
    `| Longest word | ${cell(longest) || "—"} |`,
    "",
    "> Tip: ask `count to 100` to watch a long reply stream.",
  ].join("\n");
}
