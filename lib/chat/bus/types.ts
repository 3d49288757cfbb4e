/**
 * How the generation service shares running replies with other instances
 * of the server. One process needs nothing (`LocalReplyBus`); several
 * processes on one Deno KV database share the reply's events, a lease that
 * says who writes it, and stop requests (`KvReplyBus`).
 *
 * @module
 */
import type { ReplyStatus } from "../events.ts";
import type { ReplyRun } from "../reply_run.ts";

/** A reply whose events can be streamed from a given `seq`. */
export interface FollowableRun {
  /** The assistant message being written. */
  readonly messageId: string;
  /** NDJSON bytes of the events with `seq > after`, then live ones. */
  subscribe(after?: number): ReadableStream<Uint8Array>;
}

/** What a stop found. */
export interface StopOutcome {
  messageId: string;
  status: ReplyStatus | "running";
}

/** Running replies shared between instances. */
export interface ReplyBus {
  /**
   * Take the conversation for a new reply before anything is stored;
   * `ConflictError` when another instance is writing one.
   */
  claim(conversationId: string): Promise<void>;
  /** Give back a claim whose reply never started (bad input, no model). */
  release(conversationId: string): Promise<void>;
  /** Share a started reply's events until it ends; answer remote stops. */
  publish(run: ReplyRun): void;
  /** A reply another instance runs (or just finished), to reattach to. */
  follow(conversationId: string): Promise<FollowableRun | undefined>;
  /** Ask the instance writing the reply to stop; resolves once it ended. */
  stop(conversationId: string): Promise<StopOutcome | undefined>;
  /** Stop background work (heartbeats, the sweep of dead instances). */
  close(): Promise<void>;
}

/** The bus of a single process: nothing to share. */
export class LocalReplyBus implements ReplyBus {
  /** Nothing to take: the service's own map keeps one reply per conversation. */
  claim(): Promise<void> {
    return Promise.resolve();
  }
  /** Nothing was taken. */
  release(): Promise<void> {
    return Promise.resolve();
  }
  /** Nobody else listens. */
  publish(): void {}
  /** No other instance. */
  follow(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  /** No other instance. */
  stop(): Promise<undefined> {
    return Promise.resolve(undefined);
  }
  /** Nothing runs. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
