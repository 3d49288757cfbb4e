/**
 * Telemetry reaches a collector: the real server in its own process with
 * Deno's built-in OpenTelemetry on, exporting OTLP/HTTP (JSON encoding) to
 * a receiver that is a real HTTP server in this test. The reply's span and
 * the store's spans arrive with their attributes, and with LOG_FORMAT=json
 * each request is one JSON log line naming the reply.
 */
import { assert, assertEquals } from "@std/assert";
import { startMain } from "./_helpers/main_process.ts";

interface OtlpAttribute {
  key: string;
  value: Record<string, unknown>;
}
interface OtlpSpan {
  name: string;
  attributes: OtlpAttribute[];
}

/** The plain value of an OTLP attribute value (`{ intValue: "3" }` → 3). */
function plain(value: Record<string, unknown>): unknown {
  const [kind, v] = Object.entries(value)[0];
  return kind === "intValue" || kind === "doubleValue" ? Number(v) : v;
}

function attrs(span: OtlpSpan): Record<string, unknown> {
  return Object.fromEntries(
    span.attributes.map((a) => [a.key, plain(a.value)]),
  );
}

Deno.test("Telemetry - reply and store spans reach an OTLP receiver; JSON request logs name the reply", async () => {
  const spans: OtlpSpan[] = [];
  const logs: string[] = [];
  const receiver = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    async (req) => {
      const path = new URL(req.url).pathname;
      const body = await req.json();
      if (path === "/v1/traces") {
        for (const r of body.resourceSpans ?? []) {
          for (const s of r.scopeSpans ?? []) spans.push(...(s.spans ?? []));
        }
      } else if (path === "/v1/logs") {
        for (const r of body.resourceLogs ?? []) {
          for (const s of r.scopeLogs ?? []) {
            for (const l of s.logRecords ?? []) {
              logs.push(String(plain(l.body ?? { stringValue: "" })));
            }
          }
        }
      }
      return Response.json({});
    },
  );
  const dir = await Deno.makeTempDir({ prefix: "otel_" });
  const app = await startMain(dir, {
    OTEL_DENO: "true",
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${receiver.addr.port}`,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_SERVICE_NAME: "liveaichat-test",
    OTEL_BSP_SCHEDULE_DELAY: "200",
    OTEL_BLRP_SCHEDULE_DELAY: "200",
    LOG_FORMAT: "json",
    DEMO_TOKEN_DELAY_MS: "1",
  });
  try {
    const created = await fetch(`${app.base}/api/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Traced" }),
    });
    const { id } = await created.json();
    const reply = await fetch(`${app.base}/api/conversations/${id}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ content: "count to 30" }),
    });
    const replyId = reply.headers.get("x-message-id");
    assert(replyId);
    await reply.text();
    // Deno exports in batches; wait for the reply's span to arrive.
    const deadline = Date.now() + 30_000;
    while (
      Date.now() < deadline &&
      (!spans.some((s) => s.name === "chat.reply") ||
        !logs.some((l) => l.includes(replyId)))
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const replySpan = spans.find((s) => s.name === "chat.reply");
    assert(replySpan, `spans seen: ${spans.map((s) => s.name).join(", ")}`);
    const a = attrs(replySpan);
    assertEquals(a["gen_ai.request.model"], "demo");
    assertEquals(a["gen_ai.system"], "demo");
    assertEquals(a["liveaichat.reply.id"], replyId);
    assertEquals(a["liveaichat.conversation.id"], id);
    assertEquals(a["liveaichat.reply.outcome"], "complete");
    assertEquals(typeof a["gen_ai.usage.output_tokens"], "number");
    assertEquals(typeof a["gen_ai.usage.input_tokens"], "number");
    const ttft = a["liveaichat.reply.time_to_first_token_ms"] as number;
    const duration = a["liveaichat.reply.duration_ms"] as number;
    assert(ttft >= 0 && ttft <= duration, `${ttft} ≤ ${duration}`);
    const append = spans.find((s) => s.name === "store.appendMessage");
    assert(append, "store operations are spans");
    assertEquals(attrs(append)["store.backend"], "csv");
    assertEquals(attrs(append)["store.id"], id);
    // The request log: one JSON line per request, the reply's names it.
    const lines = logs.filter((l) => l.startsWith("{")).map((l) =>
      JSON.parse(l)
    );
    const send = lines.find((l) =>
      l.msg === "request" && l.path === `/api/conversations/${id}/messages`
    );
    assert(send, "the send was logged");
    assertEquals([send.method, send.status, send.reply_id], [
      "POST",
      200,
      replyId,
    ]);
    assertEquals(typeof send.duration_ms, "number");
  } finally {
    app.child.kill("SIGKILL");
    await app.child.status;
    await app.drained;
    await receiver.shutdown();
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Telemetry - off by default: the OpenTelemetry API is not even loaded", async () => {
  const { createServices } = await import("../lib/services.ts");
  const { readConfig } = await import("../lib/config.ts");
  const { tracer } = await import("../lib/telemetry/mod.ts");
  const dataDir = await Deno.makeTempDir({ prefix: "telemetry_off_" });
  const services = await createServices(
    readConfig({ get: () => undefined }, { dataDir, demoTokenDelayMs: 0 }),
  );
  try {
    // Loading it costs every cold start; with nothing exported it records
    // nothing, so it is loaded only when OTEL_DENO is on.
    assertEquals(tracer(), null);
    const conversation = await services.store.createConversation();
    const run = await services.chat.send(conversation.id, { content: "hi" });
    assertEquals(await run.finished, "complete");
    assertEquals(tracer(), null);
  } finally {
    await services.close();
    await Deno.remove(dataDir, { recursive: true });
  }
});
