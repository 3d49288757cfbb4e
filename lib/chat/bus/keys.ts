/**
 * KV keys of shared replies.
 *
 * ```
 * ["replies", conversationId]          lease: who writes, heartbeat, stop
 * ["reply_events", messageId, first]   { first, last, lines } NDJSON lines
 * ["reply_heads", messageId]           { seq, final } newest event written
 * ["last_reply", conversationId]       { messageId } for a short while after
 * ```
 *
 * @module
 */

/** A running reply's lease. */
export interface Lease {
  /** Instance that writes the reply. */
  instance: string;
  /** Null between the claim and the start of the reply. */
  messageId: string | null;
  /** Date.now() of the last heartbeat. */
  heartbeatAt: number;
  /** Set by another instance's `POST …/stop`. */
  stop: boolean;
}

/** A batch of events as stored. */
export interface EventBatch {
  first: number;
  last: number;
  /** NDJSON lines, each ending in `\n`. */
  lines: string;
}

/** The newest event of a reply. */
export interface Head {
  seq: number;
  final: boolean;
  /** Final status once `final`. */
  status?: string;
}

/** Keys of the KV reply bus. */
export const BUS_KEYS = {
  lease: (conversationId: string): Deno.KvKey => ["replies", conversationId],
  leases: ["replies"] as Deno.KvKey,
  batch: (messageId: string, first: number): Deno.KvKey => [
    "reply_events",
    messageId,
    first,
  ],
  batches: (messageId: string): Deno.KvKey => ["reply_events", messageId],
  head: (messageId: string): Deno.KvKey => ["reply_heads", messageId],
  last: (conversationId: string): Deno.KvKey => ["last_reply", conversationId],
} as const;
