/**
 * The Deno KV backend of `ChatStore`: the same history as the CSV store,
 * kept in a KV database so it survives on Deno Deploy (no disk) and is
 * shared by every instance that opens the same database.
 *
 * ```ts
 * const store = await openKvStore({ path: "./data/chat.kv" });
 * const chat = await store.createConversation({ title: "Hello" });
 * await store.close();
 * ```
 *
 * @module
 */
export { KvStore, openKvStore } from "./kv_store.ts";
export type { KvStoreOptions } from "./kv_store.ts";
export { INLINE_CHARS, PART_CHARS } from "./parts.ts";
