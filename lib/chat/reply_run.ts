/**
 * One reply being generated, independent of any HTTP request: the numbered
 * event log kept in memory, and the subscriptions that read it. A
 * subscription replays what came after a given `seq`, then follows live;
 * when it falls behind (a fast model, a replay on reattach) it sends all
 * pending events as one chunk instead of one write per event.
 *
 * @module
 */
import { setImmediate } from "node:timers";
import {
  type ChatEvent,
  isFinal,
  type NewChatEvent,
  type ReplyStatus,
} from "./events.ts";

/** What a run answers and with which model. */
export interface ReplyRunInit {
  conversationId: string;
  /** The assistant message being written. */
  messageId: string;
  /** The user message it answers. */
  userMessageId: string;
  /** Model id. */
  model: string;
}

const encoder = new TextEncoder();

/** Most events one write of a subscription carries. */
const SEND_EVENTS = 8192;

/** Flushes of runs with caught-up subscriptions, run together next turn. */
const due = new Set<() => void>();
let armed = false;

function flushDue(): void {
  armed = false;
  const flushes = [...due];
  due.clear();
  for (const flush of flushes) flush();
}

/**
 * Run `flush` on the next turn of the event loop, once however often it is
 * asked for before then: a fast producer adds everything it has ready, and
 * a thousand replies share one callback.
 */
function flushNextTurn(flush: () => void): void {
  due.add(flush);
  if (!armed) {
    armed = true;
    setImmediate(flushDue);
  }
}

/** A subscription's way to send what it has not sent yet. */
interface Subscriber {
  send(): void;
}

/** The event log of one reply, with live subscriptions. */
export class ReplyRun {
  /** Conversation the reply belongs to. */
  readonly conversationId: string;
  /** The assistant message being written. */
  readonly messageId: string;
  /** The user message it answers. */
  readonly userMessageId: string;
  /** Model id. */
  readonly model: string;
  /**
   * The log, kept small: the reply's text once, the text length after each
   * event (4 bytes an event), and the few events that are not deltas as
   * lines. Delta lines are written when they are sent.
   */
  #count = 0;
  #ends = new Uint32Array(256);
  #other = new Map<number, string>();
  /** The text, or null once compacted (it is read back from the store). */
  #text: string | null = "";
  #textLength = 0;
  #loadText: (() => Promise<string>) | null = null;
  #reasoning = "";
  /** `retainedBytes` of a closed log, counted once. */
  #retained: number | undefined;
  #status: ReplyStatus | "running" = "running";
  /** Subscriptions that have sent everything and wait for more. */
  #waiting = new Set<Subscriber>();
  #flush = () => {
    const waiting = this.#waiting;
    // `send` may make a subscription wait again: into the next set.
    this.#waiting = new Set();
    for (const subscriber of waiting) subscriber.send();
  };
  #abort = new AbortController();
  /** Holds on the log after the final event (a title still coming). */
  #held = 0;
  #settled!: (status: ReplyStatus) => void;
  /** Resolves with the final status once the last event is in the log. */
  readonly finished: Promise<ReplyStatus>;

  /** Create an empty run; the service emits `start` first. */
  constructor(init: ReplyRunInit) {
    this.conversationId = init.conversationId;
    this.messageId = init.messageId;
    this.userMessageId = init.userMessageId;
    this.model = init.model;
    this.finished = new Promise((resolve) => this.#settled = resolve);
  }

  /** `running` until the final event, then how it ended. */
  get status(): ReplyStatus | "running" {
    return this.#status;
  }

  /** The reply's text so far (all deltas joined); "" once compacted. */
  get text(): string {
    return this.#text ?? "";
  }

  /**
   * Bytes the log holds in memory (for the service's bound, summed over
   * every finished reply each time one ends: counted once the log is
   * closed, since only `compact` changes it then).
   */
  get retainedBytes(): number {
    if (this.#retained !== undefined) return this.#retained;
    let other = 0;
    for (const line of this.#other.values()) other += line.length * 2;
    const bytes = this.#ends.byteLength + (this.#text?.length ?? 0) * 2 +
      other;
    if (this.#closed) this.#retained = bytes;
    return bytes;
  }

  /**
   * Drop the finished reply's text from memory: it is stored, and a late
   * reattach reads it back with `load`, so every delta is still sent
   * exactly once, from the same offsets.
   */
  compact(load: () => Promise<string>): void {
    if (this.#status === "running" || this.#text === null) return;
    this.#text = null;
    this.#loadText = load;
    this.#ends = this.#ends.slice(0, this.#count);
    this.#retained = undefined;
  }

  /** The reasoning so far (empty when the model sent none). */
  get reasoning(): string {
    return this.#reasoning;
  }

  /** `seq` of the last event, -1 before the first. */
  get lastSeq(): number {
    return this.#count - 1;
  }

  /** Fires when the reply is stopped or the server shuts down. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  /**
   * Ask the generation to end; `reason` is `stopped`, `interrupted`, or
   * `length` (the reply reached the longest the server keeps).
   */
  abort(reason: "stopped" | "interrupted" | "length"): void {
    if (this.#status === "running") this.#abort.abort(reason);
  }

  /**
   * Keep the log open after the final event, for a `title` that comes
   * later; subscriptions end once every hold is released.
   */
  keepOpen(): () => void {
    this.#held++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#held--;
      this.#wake();
    };
  }

  /** The log takes no more events and subscriptions end at its end. */
  get #closed(): boolean {
    return this.#status !== "running" && this.#held === 0;
  }

  /** Why the run was aborted, if it was. */
  get abortReason(): "stopped" | "interrupted" | "length" | undefined {
    return this.#abort.signal.aborted ? this.#abort.signal.reason : undefined;
  }

  /**
   * Append a `delta` event: the hot path (thousands a second for a fast
   * model), so no event object is built on the way in or out.
   */
  emitDelta(text: string): void {
    if (this.#status !== "running") {
      throw new Error(`The reply ${this.messageId} has already ended.`);
    }
    this.#text += text;
    this.#textLength = this.#text!.length;
    this.#append();
    this.#wake();
  }

  /**
   * Number `event`, append it to the log and wake every subscription.
   * A `done` or `error` event closes the log.
   */
  emit(event: NewChatEvent): ChatEvent {
    const late = this.#status !== "running" && this.#held > 0 &&
      event.type === "title";
    if (this.#status !== "running" && !late) {
      throw new Error(`The reply ${this.messageId} has already ended.`);
    }
    const seq = this.#count;
    if (event.type === "delta") {
      this.emitDelta(event.text);
      return { type: "delta", seq, text: event.text };
    }
    // `type` then `seq` first: the lines read well in a terminal.
    if (event.type === "reasoning") this.#reasoning += event.text;
    const { type, ...fields } = event;
    const numbered = { type, seq, ...fields } as ChatEvent;
    this.#other.set(seq, `${JSON.stringify(numbered)}\n`);
    this.#retained = undefined;
    this.#append();
    if (isFinal(numbered)) {
      const status = numbered.type === "error" ? "error" : numbered.status;
      this.#status = status;
      this.#settled(status);
    }
    this.#wake();
    return numbered;
  }

  /** Record the next event's end offset. */
  #append(): void {
    if (this.#count === this.#ends.length) {
      const grown = new Uint32Array(this.#ends.length * 2);
      grown.set(this.#ends);
      this.#ends = grown;
    }
    this.#ends[this.#count++] = this.#textLength;
  }

  /** The NDJSON lines of events `from` to `to` (exclusive), from `text`. */
  #linesBetween(from: number, to: number, text: string): string {
    let out = "";
    for (let k = from; k < to; k++) {
      const other = this.#other.get(k);
      if (other !== undefined) {
        out += other;
        continue;
      }
      const start = k > 0 ? this.#ends[k - 1] : 0;
      out += `{"type":"delta","seq":${k},"text":${
        JSON.stringify(text.slice(start, this.#ends[k]))
      }}\n`;
    }
    return out;
  }

  #wake(): void {
    if (this.#waiting.size > 0) flushNextTurn(this.#flush);
  }

  /** The logged events with `seq > after`, decoded (tests, debugging). */
  eventsAfter(after = -1): ChatEvent[] {
    if (this.#text === null) throw new Error("The log was compacted.");
    const text = this.#linesBetween(
      Math.max(0, after + 1),
      this.#count,
      this.#text,
    );
    return text === ""
      ? []
      : text.slice(0, -1).split("\n").map((line) => JSON.parse(line));
  }

  /**
   * NDJSON bytes of every event with `seq > after`, then live events until
   * the final one. Cancelling the stream (client gone) leaves the run alone.
   */
  subscribe(after = -1): ReadableStream<Uint8Array> {
    let cursor = Number.isFinite(after)
      ? Math.max(0, Math.floor(after) + 1)
      : 0;
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    let open = true;
    /** The stored text, read once when the log was compacted. */
    let loaded: string | null = null;
    let loading: Promise<void> | null = null;
    const load = () =>
      loading ??= this.#loadText!().then((text) => {
        if (text.length !== this.#textLength) {
          throw new Error("The stored reply differs from its log.");
        }
        loaded = text;
        subscriber.send();
      }).catch((error) => {
        if (!open) return;
        open = false;
        controller.error(error);
      });
    // No promise per event: the stream asks (pull) when its reader wants
    // more; with nothing new the subscription waits in `#waiting` and the
    // next flush sends all that arrived meanwhile as one chunk (at most
    // SEND_EVENTS events: a replay of a long reply goes in pieces).
    const subscriber: Subscriber = {
      send: () => {
        if (!open) return;
        const text = this.#text ?? loaded;
        if (cursor < this.#count && text === null) {
          load(); // compacted: read the text back, then send
          return;
        }
        if (cursor < this.#count && text !== null) {
          const end = Math.min(this.#count, cursor + SEND_EVENTS);
          const chunk = this.#linesBetween(cursor, end, text);
          cursor = end;
          // May call `pull`, and so `send`, again before it returns.
          controller.enqueue(encoder.encode(chunk));
        }
        if (open && cursor >= this.#count && this.#closed) {
          open = false;
          controller.close();
        }
      },
    };
    return new ReadableStream<Uint8Array>({
      start: (c) => {
        controller = c;
      },
      pull: () => {
        if (this.#text === null && loaded === null && cursor < this.#count) {
          return load();
        }
        if (cursor < this.#count || this.#closed) {
          subscriber.send();
        } else {
          this.#waiting.add(subscriber);
        }
      },
      cancel: () => {
        open = false;
        this.#waiting.delete(subscriber);
      },
    }, { highWaterMark: 0 });
  }
}
