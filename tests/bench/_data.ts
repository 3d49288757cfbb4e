/**
 * The history benchmarks measure against: a data folder of N conversations
 * (4 messages each, with a rare word in exactly one of them and a common
 * one in many) plus one conversation of 2,000 messages, written straight
 * to disk in the CSV layout so that every backend and every bench sees the
 * same bytes. Seeded, so two runs build the same history.
 *
 * @module
 */
import {
  CONVERSATION_COLUMNS,
  conversationToRow,
  encodeRows,
  type IndexEntry,
  MESSAGE_COLUMNS,
  messageToRow,
} from "../../lib/store/columns.ts";
import type { Message } from "../../lib/store/mod.ts";

/** What `writeHistory` built, to find things in it. */
export interface History {
  dataDir: string;
  /** Every conversation, in the order of the index file. */
  entries: IndexEntry[];
  /** The 2,000-message conversation (also the first of `entries`). */
  big: string;
  /** A small conversation. */
  small: string;
  /** The only conversation whose messages hold `RARE_WORD`. */
  needle: string;
}

/** A word found in the messages of exactly one conversation. */
export const RARE_WORD = "zebra-crossing";
/** A word found in the messages of many conversations. */
export const COMMON_WORD = "stream";

const WORDS = [
  "the",
  "model",
  "stream",
  "reply",
  "csv",
  "file",
  "quick",
  "brown",
  "fox",
  "data",
  '"quoted"',
  "comma,",
  "line\n",
  "emoji 😀",
  "ünïcode",
];

/** A seeded stream of words, numbers and ids. */
export class Seeded {
  #seed: number;
  #counter = 0;
  #time: number;

  constructor(seed = 7, at = Date.parse("2025-01-01T00:00:00Z")) {
    this.#seed = seed;
    this.#time = at;
  }

  /** A number in [0, 1). */
  random(): number {
    this.#seed = (this.#seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return this.#seed / 2 ** 31;
  }

  /** `n` words, with quotes, commas, newlines and non-ASCII among them. */
  text(n: number): string {
    let out = "";
    for (let i = 0; i < n; i++) {
      out += WORDS[Math.floor(this.random() * WORDS.length)] + " ";
    }
    return out.trim();
  }

  /** A UUIDv7-shaped id, increasing with each call. */
  id(): string {
    this.#time += 1;
    const hex = (n: number, width: number) =>
      n.toString(16).padStart(width, "0").slice(-width);
    const t = hex(this.#time, 12);
    const c = this.#counter++;
    return `${t.slice(0, 8)}-${t.slice(8)}-7${hex(c >> 16, 3)}-8${
      hex(c & 0xfff, 3)
    }-${hex(Math.floor(this.random() * 2 ** 48), 12)}`;
  }
}

/** A complete message of the history; odd positions are replies. */
export function benchMessage(
  rng: Seeded,
  options: { index: number; at: number; content?: string },
): Message {
  const { index, at } = options;
  const reply = index % 2 === 1;
  const createdAt = new Date(at + index * 1000).toISOString();
  return {
    id: rng.id(),
    // Empty parent_id: follows the row above (one straight line).
    parentId: "",
    role: reply ? "assistant" : "user",
    content: options.content ?? rng.text(reply ? 60 : 15),
    createdAt,
    completedAt: createdAt,
    status: "complete",
    model: reply ? "demo" : null,
    finishReason: reply ? "stop" : null,
    promptTokens: reply ? 120 : null,
    completionTokens: reply ? 80 : null,
    error: null,
  };
}

/**
 * Write `count` conversations into `dataDir` (created when missing): index,
 * FORMAT-less CSV files as the store writes them. The first conversation
 * holds `bigMessages` messages (2,000 by default).
 */
export async function writeHistory(
  dataDir: string,
  options: { count: number; bigMessages?: number; seed?: number },
): Promise<History> {
  const rng = new Seeded(options.seed ?? 7);
  const dir = `${dataDir}/conversations`;
  await Deno.mkdir(dir, { recursive: true });
  const start = Date.parse("2024-01-01T00:00:00Z");
  const entries: IndexEntry[] = [];
  const needleAt = Math.floor(options.count * 0.7777);
  const writes: Promise<void>[] = [];
  for (let i = 0; i < options.count; i++) {
    const at = start + i * 60_000;
    const size = i === 0 ? (options.bigMessages ?? 2000) : 4;
    const messages = Array.from(
      { length: size },
      (_, index) => benchMessage(rng, { index, at }),
    );
    if (i === needleAt) {
      messages.push(benchMessage(rng, {
        index: size,
        at,
        content: `where is the ${RARE_WORD}?`,
      }));
    }
    const entry: IndexEntry = {
      id: rng.id(),
      title: `${rng.text(4).replace(/\s+/g, " ")} #${i}`,
      pinned: i % 500 === 1,
      createdAt: messages[0].createdAt,
      updatedAt: messages.at(-1)!.createdAt,
      model: null,
      temperature: null,
      leafId: null,
      systemPrompt: "",
    };
    entries.push(entry);
    writes.push(Deno.writeTextFile(
      `${dir}/${entry.id}.csv`,
      encodeRows(messages.map(messageToRow), { header: MESSAGE_COLUMNS }),
    ));
    if (writes.length >= 64) await Promise.all(writes.splice(0));
  }
  await Promise.all(writes);
  await Deno.writeTextFile(
    `${dataDir}/conversations.csv`,
    encodeRows(entries.map(conversationToRow), {
      header: CONVERSATION_COLUMNS,
    }),
  );
  return {
    dataDir,
    entries,
    big: entries[0].id,
    small: entries[1].id,
    needle: entries[needleAt].id,
  };
}

/** A quantile of `values` (not changed). */
export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
