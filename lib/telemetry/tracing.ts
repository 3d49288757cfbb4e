/**
 * Spans through OpenTelemetry's API, which Deno's built-in telemetry
 * (`OTEL_DENO=true`) exports over OTLP. The API is loaded only then
 * (`loadTracing`, before the server serves): without it every span would
 * be a no-op, and loading its CommonJS modules costs tens of milliseconds
 * of every cold start.
 *
 * @module
 */
import type { Attributes, Span, Tracer } from "@opentelemetry/api";

let api: typeof import("@opentelemetry/api") | null = null;
let loadedTracer: Tracer | null = null;

/** Load the OpenTelemetry API; spans are recorded from then on. */
export async function loadTracing(): Promise<void> {
  api ??= await import("@opentelemetry/api");
  loadedTracer ??= api.trace.getTracer("liveaichat");
}

/** The app's tracer, or null while tracing is not loaded (no spans). */
export function tracer(): Tracer | null {
  return loadedTracer;
}

/** OpenTelemetry's error status code (2), without loading the API. */
export const STATUS_ERROR = 2;

/** Whether Deno exports telemetry (the store is wrapped only then). */
export function telemetryEnabled(
  env: { get(name: string): string | undefined } = Deno.env,
): boolean {
  return env.get("OTEL_DENO")?.toLowerCase() === "true";
}

/**
 * Run `fn` in a span named `name`; a thrown error is recorded on the span
 * (status ERROR) and thrown on.
 */
export async function inSpan<T>(
  name: string,
  attributes: Attributes,
  fn: (span: Span | null) => Promise<T>,
): Promise<T> {
  if (loadedTracer === null) return await fn(null);
  return await loadedTracer.startActiveSpan(
    name,
    { attributes },
    async (span) => {
      try {
        return await fn(span);
      } catch (error) {
        span.recordException(error as Error);
        span.setStatus({
          code: STATUS_ERROR,
          message: (error as Error)?.message,
        });
        throw error;
      } finally {
        span.end();
      }
    },
  );
}
