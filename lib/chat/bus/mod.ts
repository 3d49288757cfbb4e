/**
 * Running replies shared between instances: nothing to share in one
 * process (`LocalReplyBus`), or through Deno KV (`KvReplyBus`).
 *
 * @module
 */
export { LocalReplyBus } from "./types.ts";
export type { FollowableRun, ReplyBus, StopOutcome } from "./types.ts";
export { KvReplyBus } from "./kv_bus.ts";
export type { KvReplyBusOptions } from "./kv_bus.ts";
export { RemoteRun } from "./remote_run.ts";
