/**
 * Running replies shared through Deno KV, so that several instances on one
 * database behave as one service:
 *
 * - a lease per conversation says which instance writes its reply; a send
 *   elsewhere meets it and gets 409;
 * - the writer copies its reply's events into KV as they come (a batch
 *   per write, so a fast model costs few writes) for followers anywhere;
 * - the writer renews its lease every `heartbeatMs` and reads it every
 *   `controlMs`, where another instance's stop request waits for it;
 * - every instance sweeps the leases every `heartbeatMs`: a lease not
 *   renewed for `staleMs` belongs to a dead instance, and its reply is
 *   stored as `interrupted` with its last checkpoint, and ended for the
 *   people following it.
 *
 * @module
 */
import { ConflictError } from "../../errors.ts";
import { atomically } from "../../store/kv/atomically.ts";
import type { ChatStore } from "../../store/mod.ts";
import type { ReplyRun } from "../reply_run.ts";
import { BUS_KEYS, type EventBatch, type Head, type Lease } from "./keys.ts";
import { isFinalLine, RemoteRun, seqOf } from "./remote_run.ts";
import type { FollowableRun, ReplyBus, StopOutcome } from "./types.ts";

/** Options of {@linkcode KvReplyBus}. */
export interface KvReplyBusOptions {
  /** Where replies are stored (to mark a dead instance's reply). */
  store: ChatStore;
  /** Followers' longest wait between two reads. Default 50 ms. */
  pollMs?: number;
  /** How often the writer reads its lease for a stop. Default 200 ms. */
  controlMs?: number;
  /** Lease renewal and sweep period. Default 1 s (a quarter of `staleMs` when that is shorter). */
  heartbeatMs?: number;
  /** A lease older than this is a dead instance's. Default 5 s. */
  staleMs?: number;
  /** How long a finished reply stays reattachable. Default 60 s. */
  graceMs?: number;
  /** Clock, replaceable in tests. */
  now?: () => number;
  /** Where failures of background work are reported. */
  log?: (message: string, error?: unknown) => void;
}

/** Events are kept this long after they are written (longer than a reply). */
const EVENTS_EXPIRE_MS = 6 * 60 * 60 * 1000;
/** Characters of NDJSON per stored batch (a KV value holds 64 KiB). */
const BATCH_CHARS = 30_000;
/** Longest wait of a stop for the writer to end its reply. */
const STOP_WAIT_MS = 10_000;
/** Batches written per atomic operation. */
const BATCHES_PER_WRITE = 10;

/** `ReplyBus` over Deno KV. */
export class KvReplyBus implements ReplyBus {
  /** This process's name in leases. */
  readonly instance: string = crypto.randomUUID();
  #kv: Deno.Kv;
  #store: ChatStore;
  #pollMs: number;
  #controlMs: number;
  #heartbeatMs: number;
  #staleMs: number;
  #graceMs: number;
  #now: () => number;
  #log: (message: string, error?: unknown) => void;
  #sweeper: ReturnType<typeof setInterval>;
  #published = new Map<string, Promise<void>>();
  #closed = false;

  /** Start sharing replies through `kv`; `close()` stops the sweep. */
  constructor(kv: Deno.Kv, options: KvReplyBusOptions) {
    this.#kv = kv;
    this.#store = options.store;
    this.#pollMs = options.pollMs ?? 50;
    this.#controlMs = options.controlMs ?? 200;
    this.#staleMs = options.staleMs ?? 5_000;
    // Several beats fit in the stale time, so a busy moment is no death.
    this.#heartbeatMs = options.heartbeatMs ??
      Math.min(1_000, this.#staleMs / 4);
    this.#graceMs = options.graceMs ?? 60_000;
    this.#now = options.now ?? Date.now;
    this.#log = options.log ??
      ((message, error) => console.error(message, error ?? ""));
    this.#sweeper = setInterval(() => {
      this.sweep().catch((error) => this.#log("Reply sweep failed:", error));
    }, this.#heartbeatMs);
    Deno.unrefTimer(Number(this.#sweeper));
  }

  #stale(lease: Lease): boolean {
    return this.#now() - lease.heartbeatAt > this.#staleMs;
  }

  async claim(conversationId: string): Promise<void> {
    const key = BUS_KEYS.lease(conversationId);
    for (let tries = 0; tries < 5; tries++) {
      const current = await this.#kv.get<Lease>(key);
      // Our own lease of a reply that just ended (its lease is being
      // removed): the service already keeps one reply per conversation
      // inside this process.
      const ours = current.value?.instance === this.instance ||
        await this.#ended(current.value);
      if (current.value && !ours && !this.#stale(current.value)) {
        throw new ConflictError(
          "A reply is already being written in this conversation; stop it first.",
        );
      }
      if (current.value && !ours) {
        await this.#interrupt(conversationId, current as Deno.KvEntry<Lease>);
        continue;
      }
      const lease: Lease = {
        instance: this.instance,
        messageId: null,
        heartbeatAt: this.#now(),
        stop: false,
      };
      const result = await atomically(
        this.#kv,
        (op) => op.check(current).set(key, lease),
      );
      if (result.ok) return;
    }
    throw new ConflictError(
      "A reply is already being written in this conversation; stop it first.",
    );
  }

  /** Whether a lease's reply has written its last event (lease going away). */
  async #ended(lease: Lease | null): Promise<boolean> {
    if (!lease?.messageId) return false;
    const head = await this.#kv.get<Head>(BUS_KEYS.head(lease.messageId));
    return head.value?.final === true;
  }

  async release(conversationId: string): Promise<void> {
    const key = BUS_KEYS.lease(conversationId);
    const current = await this.#kv.get<Lease>(key);
    if (current.value?.instance !== this.instance) return;
    await atomically(this.#kv, (op) => op.check(current).delete(key));
  }

  publish(run: ReplyRun): void {
    const task = this.#publish(run)
      .catch((error) => this.#log("Sharing a reply failed:", error))
      .finally(() => this.#published.delete(run.messageId));
    this.#published.set(run.messageId, task);
  }

  async #publish(run: ReplyRun): Promise<void> {
    const key = BUS_KEYS.lease(run.conversationId);
    await this.#renew(key, run, (lease) => ({
      ...lease,
      messageId: run.messageId,
    }));
    let ended = false;
    const control = (async () => {
      let beat = this.#now();
      while (!ended) {
        await new Promise((resolve) => setTimeout(resolve, this.#controlMs));
        if (ended) return;
        const lease = await this.#kv.get<Lease>(key);
        if (lease.value?.stop) run.abort("stopped");
        if (this.#now() - beat >= this.#heartbeatMs) {
          beat = this.#now();
          await this.#renew(key, run, (l) => ({ ...l, heartbeatAt: beat }));
        }
      }
    })().catch((error) => this.#log("Reply heartbeat failed:", error));
    const reader = run.subscribe(-1).getReader();
    const decoder = new TextDecoder();
    let rest = "";
    let written = -1;
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        const text = rest + decoder.decode(value, { stream: true });
        const end = text.lastIndexOf("\n") + 1;
        rest = text.slice(end);
        if (end === 0) continue;
        const lines = text.slice(0, end);
        await this.#write(run.messageId, lines);
        written = seqOf(lines.slice(lines.lastIndexOf("\n", end - 2) + 1));
      }
    })();
    try {
      // The subscription normally delivers the last event at once; should
      // it not within a second of the end, the rest is taken from the run's
      // log, so the conversation is never left held by a finished reply.
      await run.finished;
      const late = await Promise.race([
        pump.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(resolve, 1_000, true)),
      ]);
      if (late && written < run.lastSeq) {
        reader.cancel().catch(() => {});
        const lines = run.eventsAfter(written)
          .map((event) => JSON.stringify(event) + "\n").join("");
        await this.#write(run.messageId, lines);
      }
    } finally {
      ended = true;
      await control;
    }
    // The reply is over: free the conversation, keep it findable a while.
    const lease = await this.#kv.get<Lease>(key);
    await atomically(this.#kv, (op) => {
      if (this.#mine(lease.value, run)) op.check(lease).delete(key);
      op.set(BUS_KEYS.last(run.conversationId), { messageId: run.messageId }, {
        expireIn: this.#graceMs,
      });
    });
  }

  /** Change our lease unless another instance took it over. */
  async #renew(
    key: Deno.KvKey,
    run: ReplyRun,
    change: (lease: Lease) => Lease,
  ): Promise<void> {
    for (let tries = 0; tries < 5; tries++) {
      const lease = await this.#kv.get<Lease>(key);
      if (!this.#mine(lease.value, run)) {
        // Swept as dead (this process stalled longer than staleMs): the
        // reply is already stored as interrupted; stop writing it.
        run.abort("interrupted");
        return;
      }
      const result = await atomically(
        this.#kv,
        (op) => op.check(lease).set(key, change(lease.value!)),
      );
      if (result.ok) return;
    }
  }

  #mine(lease: Lease | null, run: ReplyRun): boolean {
    return lease?.instance === this.instance &&
      (lease.messageId === null || lease.messageId === run.messageId);
  }

  /** Store NDJSON lines as batches, then move the head. */
  async #write(messageId: string, lines: string): Promise<void> {
    const batches: EventBatch[] = [];
    let at = 0;
    while (at < lines.length) {
      let end = Math.min(lines.length, at + BATCH_CHARS);
      if (end < lines.length) {
        const cut = lines.lastIndexOf("\n", end - 1) + 1;
        // One line longer than a batch: cut inside it is not allowed, so
        // the batch holds that line alone (deltas are small in practice).
        end = cut > at ? cut : lines.indexOf("\n", at) + 1;
      }
      const chunk = lines.slice(at, end);
      const first = seqOf(chunk);
      const last = seqOf(
        chunk.slice(chunk.lastIndexOf("\n", chunk.length - 2) + 1),
      );
      batches.push({ first, last, lines: chunk });
      at = end;
    }
    for (let i = 0; i < batches.length; i += BATCHES_PER_WRITE) {
      const group = batches.slice(i, i + BATCHES_PER_WRITE);
      const tail = group[group.length - 1];
      const final = isFinalLine(
        tail.lines.slice(
          tail.lines.lastIndexOf("\n", tail.lines.length - 2) + 1,
        ),
      );
      await atomically(this.#kv, (op) => {
        for (const batch of group) {
          op.set(BUS_KEYS.batch(messageId, batch.first), batch, {
            expireIn: EVENTS_EXPIRE_MS,
          });
        }
        op.set(
          BUS_KEYS.head(messageId),
          { seq: tail.last, final } satisfies Head,
          { expireIn: EVENTS_EXPIRE_MS },
        );
      });
    }
  }

  async follow(conversationId: string): Promise<FollowableRun | undefined> {
    const lease = await this.#kv.get<Lease>(BUS_KEYS.lease(conversationId));
    let messageId = lease.value?.messageId ?? null;
    if (!messageId) {
      const last = await this.#kv.get<{ messageId: string }>(
        BUS_KEYS.last(conversationId),
      );
      messageId = last.value?.messageId ?? null;
    }
    if (!messageId) return undefined;
    return new RemoteRun(this.#kv, messageId, {
      pollMs: this.#pollMs,
      abandonMs: this.#staleMs * 2,
      writerAlive: async () =>
        (await this.#kv.get(BUS_KEYS.lease(conversationId))).value !== null,
    });
  }

  async stop(conversationId: string): Promise<StopOutcome | undefined> {
    const key = BUS_KEYS.lease(conversationId);
    let messageId: string | null = null;
    for (let tries = 0; tries < 5; tries++) {
      const lease = await this.#kv.get<Lease>(key);
      if (!lease.value) return undefined;
      // The lease outlives its reply for late followers; a reply that has
      // already ended is not running, so there is nothing to stop (as on
      // a single instance).
      messageId = lease.value.messageId;
      if (messageId) {
        const head = await this.#kv.get<Head>(BUS_KEYS.head(messageId));
        if (head.value?.final) return undefined;
      }
      if (lease.value.stop) break;
      const result = await atomically(
        this.#kv,
        (op) => op.check(lease).set(key, { ...lease.value!, stop: true }),
      );
      if (result.ok) break;
    }
    if (!messageId) return undefined;
    // Wait for the writer (or, if it died, the sweep) to end the reply.
    const deadline = this.#now() + Math.max(STOP_WAIT_MS, this.#staleMs * 3);
    while (this.#now() < deadline) {
      const head = await this.#kv.get<Head>(BUS_KEYS.head(messageId));
      if (head.value?.final) {
        return { messageId, status: await this.#finalStatus(messageId) };
      }
      await new Promise((resolve) => setTimeout(resolve, this.#pollMs));
    }
    return { messageId, status: "running" };
  }

  async #finalStatus(messageId: string): Promise<StopOutcome["status"]> {
    const last = await Array.fromAsync(
      this.#kv.list<EventBatch>({ prefix: BUS_KEYS.batches(messageId) }, {
        reverse: true,
        limit: 1,
      }),
    );
    const line = last[0]?.value.lines.trimEnd().split("\n").pop();
    if (!line) return "running";
    const event = JSON.parse(line);
    return event.type === "error" ? "error" : event.status ?? "running";
  }

  /**
   * End replies whose instance stopped renewing its lease: store them as
   * `interrupted` (their text is the last checkpoint) and end their event
   * log so followers get a final line. Runs every `heartbeatMs`.
   */
  async sweep(): Promise<void> {
    if (this.#closed) return;
    for await (
      const entry of this.#kv.list<Lease>({ prefix: BUS_KEYS.leases })
    ) {
      if (!this.#stale(entry.value)) continue;
      const conversationId = entry.key[1] as string;
      await this.#interrupt(conversationId, entry);
    }
  }

  async #interrupt(
    conversationId: string,
    lease: Deno.KvEntry<Lease>,
  ): Promise<void> {
    const messageId = lease.value.messageId;
    const result = await atomically(this.#kv, (op) => {
      op.check(lease).delete(lease.key);
      if (messageId) {
        op.set(BUS_KEYS.last(conversationId), { messageId }, {
          expireIn: this.#graceMs,
        });
      }
    });
    // Another instance swept it first, or the writer came back.
    if (!result.ok || !messageId) return;
    try {
      const messages = await this.#store.listMessages(conversationId);
      const message = messages.find((m) => m.id === messageId);
      if (message?.status === "streaming") {
        await this.#store.updateMessage(conversationId, messageId, {
          status: "interrupted",
          finishReason: "interrupted",
        });
      }
    } catch (error) {
      this.#log("Could not mark an abandoned reply interrupted:", error);
    }
    const head = await this.#kv.get<Head>(BUS_KEYS.head(messageId));
    if (head.value?.final) return;
    const seq = (head.value?.seq ?? -1) + 1;
    await this.#write(
      messageId,
      JSON.stringify({
        type: "done",
        seq,
        status: "interrupted",
        finishReason: "interrupted",
        usage: { promptTokens: null, completionTokens: null },
      }) + "\n",
    );
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    await Promise.allSettled([...this.#published.values()]);
  }
}
