/**
 * Slow, idle and non-reading connections against the real server behind
 * its connection guard, with real sockets and small bounds.
 */
import { assert, assertEquals, assertGreater } from "@std/assert";
import { type AppServer, startApp } from "../_helpers/app_server.ts";

const LIMITS = {
  headersTimeoutMs: 1000,
  idleTimeoutMs: 1500,
  writeStallMs: 1000,
};
const encoder = new TextEncoder();

function connect(app: AppServer): Promise<Deno.TcpConn> {
  return Deno.connect({
    hostname: "127.0.0.1",
    port: Number(new URL(app.base).port),
  });
}

/** Resolves true when the server closes `conn` (reads end) within `ms`. */
async function closedWithin(conn: Deno.Conn, ms: number): Promise<boolean> {
  const buffer = new Uint8Array(64 * 1024);
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const n = await Promise.race([
      conn.read(buffer).catch(() => null),
      new Promise<"wait">((r) => setTimeout(() => r("wait"), 50)),
    ]);
    if (n === null) return true;
  }
  return false;
}

function closeQuietly(conn: Deno.Conn) {
  try {
    conn.close();
  } catch {
    // The server closed it already.
  }
}

Deno.test({
  name:
    "Connections - slowloris heads, silent sockets and idle keep-alives are closed after their bounds while the server keeps answering",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp(LIMITS, { guarded: true });
    const conns: Deno.Conn[] = [];
    try {
      const slow: Deno.Conn[] = [];
      for (let i = 0; i < 100; i++) {
        const conn = await connect(app);
        await conn.write(
          encoder.encode("GET / HTTP/1.1\r\nHost: localhost\r\n"),
        );
        slow.push(conn);
      }
      const silent: Deno.Conn[] = [];
      for (let i = 0; i < 100; i++) silent.push(await connect(app));
      const kept: Deno.Conn[] = [];
      for (let i = 0; i < 20; i++) {
        const conn = await connect(app);
        await conn.write(encoder.encode(
          "GET /api/models HTTP/1.1\r\nHost: localhost\r\n\r\n",
        ));
        const n = await conn.read(new Uint8Array(16 * 1024));
        assertGreater(n ?? 0, 0);
        kept.push(conn);
      }
      conns.push(...slow, ...silent, ...kept);
      // Slowloris: one more header line every 100 ms, never the blank line.
      const drip = setInterval(() => {
        for (const conn of slow) {
          conn.write(encoder.encode("X-Drip: 1\r\n")).catch(() => {});
        }
      }, 100);
      try {
        const models = await fetch(app.base + "/api/models");
        assertEquals(models.status, 200, "the server answers meanwhile");
        await models.body?.cancel();
        const results = await Promise.all([
          ...slow.map((c) => closedWithin(c, 6000)),
          ...silent.map((c) => closedWithin(c, 6000)),
          ...kept.map((c) => closedWithin(c, 6000)),
        ]);
        assertEquals(results.filter((closed) => !closed).length, 0);
      } finally {
        clearInterval(drip);
      }
      const after = await fetch(app.base + "/api/models");
      assertEquals(after.status, 200);
      await after.body?.cancel();
    } finally {
      conns.forEach(closeQuietly);
      await app.close();
    }
  },
});

Deno.test({
  name:
    "Connections - a client that stops reading a large download is dropped; one that reads gets it all",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp(LIMITS, { guarded: true });
    try {
      const { store } = app.services;
      const conversation = await store.createConversation({ title: "Big" });
      const content = "All work and no play. ".repeat(40_000);
      for (let i = 0; i < 12; i++) {
        await store.appendMessage(conversation.id, { role: "user", content });
      }
      const path = `/api/conversations/${conversation.id}/export?format=json`;
      const stalled = await connect(app);
      await stalled.write(encoder.encode(
        `GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
      ));
      // Never read: the guard's writes back up, and the bound ends it.
      const deadline = Date.now() + 8000;
      while (app.guard!.open > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      assertEquals(app.guard!.open, 0, "the non-reading client was dropped");
      closeQuietly(stalled);
      const whole = await fetch(app.base + path);
      const text = await whole.text();
      assert(text.includes(content), "a reading client gets everything");
    } finally {
      await app.close();
    }
  },
});

Deno.test({
  name:
    "Connections - dropping a reattach that does not read leaves the reply running to the end",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const app = await startApp({ ...LIMITS, demoTokenDelayMs: 2 }, {
      guarded: true,
    });
    try {
      const { id } = await app.services.store.createConversation();
      const sent = await fetch(`${app.base}/api/conversations/${id}/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ content: "count to 400" }),
      });
      assertEquals(sent.status, 200);
      const stalled = await connect(app);
      await stalled.write(encoder.encode(
        `GET /api/conversations/${id}/stream?after=-1 HTTP/1.1\r\nHost: localhost\r\n\r\n`,
      ));
      const streamed = await sent.text();
      assert(streamed.includes('"type":"done"'));
      assert(await closedWithin(stalled, 8000), "the stalled reattach ends");
      closeQuietly(stalled);
      const messages = await app.services.store.listMessages(id);
      const reply = messages.at(-1)!;
      assertEquals(reply.status, "complete");
      assert(reply.content.includes("400"), "the whole reply is kept");
    } finally {
      await app.close();
    }
  },
});
