/**
 * Spans through OpenTelemetry's API, which Deno's built-in telemetry
 * (`OTEL_DENO=true`) exports over OTLP; without it the API's tracer does
 * nothing, at the cost of a function call.
 *
 * @module
 */
import {
  type Attributes,
  type Span,
  SpanStatusCode,
  trace,
} from "@opentelemetry/api";

/** The app's tracer. */
export const tracer = trace.getTracer("liveaichat");

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
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return await tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: (error as Error)?.message,
      });
      throw error;
    } finally {
      span.end();
    }
  });
}
