/**
 * Following a reply that another instance writes: its events are read
 * from KV in batches after the last `seq` seen. A follower wakes when the
 * reply's head key changes (`kv.watch`, which sees writes of this process
 * and, on Deno Deploy, of every instance) and in any case every `pollMs`:
 * on a local KV file, `watch` does not see other processes' writes, so
 * the poll bounds the delay there.
 *
 * @module
 */
import { BUS_KEYS, type EventBatch, type Head } from "./keys.ts";
import type { FollowableRun } from "./types.ts";

const encoder = new TextEncoder();

/** Options of {@linkcode RemoteRun}. */
export interface RemoteRunOptions {
  /** Longest wait between two reads, in milliseconds. */
  pollMs: number;
  /** Give up after this long without a new event and without a writer. */
  abandonMs: number;
  /** Whether a writer still holds the reply (its lease exists). */
  writerAlive: () => Promise<boolean>;
}

/** A reply written elsewhere, streamed from KV. */
export class RemoteRun implements FollowableRun {
  readonly messageId: string;
  #kv: Deno.Kv;
  #options: RemoteRunOptions;

  /** Follow `messageId`'s events in `kv`. */
  constructor(kv: Deno.Kv, messageId: string, options: RemoteRunOptions) {
    this.#kv = kv;
    this.messageId = messageId;
    this.#options = options;
  }

  subscribe(after = -1): ReadableStream<Uint8Array> {
    const kv = this.#kv;
    const id = this.messageId;
    const { pollMs, abandonMs, writerAlive } = this.#options;
    let next = Number.isFinite(after) ? Math.max(0, Math.floor(after) + 1) : 0;
    /** First `seq` of the next batch to read (batches start past it). */
    let from = 0;
    let cancelled = false;
    let watch: ReadableStreamDefaultReader<unknown> | undefined;
    let pending: Promise<unknown> | undefined;
    let quietSince = Date.now();
    const wake = () => {
      try {
        watch ??= kv.watch([BUS_KEYS.head(id)]).getReader();
        pending ??= watch.read().finally(() => pending = undefined);
      } catch {
        // No watch here: polling alone.
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const sleep = new Promise((resolve) =>
        timer = setTimeout(resolve, pollMs)
      );
      return Promise.race([sleep, pending]).finally(() => clearTimeout(timer));
    };
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        while (!cancelled) {
          const lines: string[] = [];
          let final = false;
          const batches = kv.list<EventBatch>({
            prefix: BUS_KEYS.batches(id),
            start: BUS_KEYS.batch(id, from),
          });
          for await (const { value } of batches) {
            from = value.last + 1;
            for (const line of value.lines.split("\n")) {
              if (line === "") continue;
              const seq = seqOf(line);
              if (seq >= next) {
                lines.push(line + "\n");
                next = seq + 1;
              }
              if (isFinalLine(line)) final = true;
            }
          }
          if (lines.length > 0) {
            quietSince = Date.now();
            controller.enqueue(encoder.encode(lines.join("")));
          }
          if (final) {
            controller.close();
            await watch?.cancel().catch(() => {});
            return;
          }
          if (lines.length > 0) return;
          if (Date.now() - quietSince > abandonMs && !(await writerAlive())) {
            const head = await kv.get<Head>(BUS_KEYS.head(id));
            if (!head.value || head.value.seq < next) {
              controller.close();
              await watch?.cancel().catch(() => {});
              return;
            }
          }
          await wake();
        }
      },
      cancel: async () => {
        cancelled = true;
        await watch?.cancel().catch(() => {});
      },
    }, { highWaterMark: 0 });
  }
}

/** The `seq` of an NDJSON event line (`{"type":…,"seq":N,…}`). */
export function seqOf(line: string): number {
  const match = /"seq":(\d+)/.exec(line);
  return match ? Number(match[1]) : -1;
}

/** Whether a line is a `done` or `error` event. */
export function isFinalLine(line: string): boolean {
  return line.startsWith('{"type":"done"') ||
    line.startsWith('{"type":"error"');
}
