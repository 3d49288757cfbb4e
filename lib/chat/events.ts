/**
 * The events of a reply stream, as the chat service emits them; defined in
 * the wire contract (`lib/api/events.ts`), which the islands read too.
 *
 * @module
 */
export * from "../api/events.ts";
export { NDJSON } from "../api/mod.ts";
