/**
 * Telemetry: spans through Deno's built-in OpenTelemetry (`OTEL_DENO=true`)
 * for replies and store operations, and JSON request logs
 * (`LOG_FORMAT=json`).
 *
 * @module
 */
export { inSpan, loadTracing, telemetryEnabled, tracer } from "./tracing.ts";
export { tracedStore } from "./traced_store.ts";
export { ReplySpan } from "./reply_span.ts";
export type { ReplyOutcome, ReplySpanInit } from "./reply_span.ts";
export { requestLogLine } from "./request_log.ts";
export type { RequestLogLine } from "./request_log.ts";
