/**
 * Hostile input against the real server (behind its connection guard):
 * every request gets a 4xx JSON error, the server keeps answering while
 * they run, nothing appears outside DATA_DIR and nothing stored is lost.
 */
import { assert, assertEquals } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";
import { rawRequest } from "../_helpers/raw_http.ts";

interface Case {
  name: string;
  status: number;
  send: () => Promise<{ status: number; text: string; type: string }>;
}

const ID = "01970000-0000-7000-8000-00000000beef";

function deep(depth: number): string {
  return "[".repeat(depth) + "]".repeat(depth);
}

Deno.test({
  name:
    "Hostile input - over 40 bad requests each get a 4xx JSON error and harm nothing",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const sandbox = await Deno.makeTempDir({ prefix: "hostile_" });
    const app = await startApp({ dataDir: `${sandbox}/data` }, {
      guarded: true,
    });
    try {
      const { store } = app.services;
      const kept = await store.createConversation({
        title: "Keep me",
        systemPrompt: "Stay.",
      });
      await store.appendMessage(kept.id, { role: "user", content: "hello" });
      await store.appendMessage(kept.id, {
        role: "assistant",
        content: "hi there",
      });
      const before = await store.readConversation(kept.id);
      const c = `/api/conversations`;
      const k = `${c}/${kept.id}`;

      const call = (
        method: string,
        path: string,
        init: { type?: string; body?: BodyInit; headers?: HeadersInit } = {},
      ) =>
      async () => {
        const headers = new Headers(init.headers);
        if (init.type) headers.set("content-type", init.type);
        const response = await fetch(app.base + path, {
          method,
          headers,
          body: init.body,
        });
        return {
          status: response.status,
          text: await response.text(),
          type: response.headers.get("content-type") ?? "",
        };
      };
      const raw = (head: string, body = "") => async () => {
        const response = await rawRequest(app.base, head, body);
        const [head_, ...rest] = response.text.split("\r\n\r\n");
        const type = head_.match(/content-type: ([^\r\n]+)/i)?.[1] ?? "";
        // Bodies may be chunked: keep the JSON object inside.
        const text = rest.join("\r\n\r\n");
        const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
        return { status: response.status, text: json, type };
      };
      const json = "application/json";
      const bad = new Uint8Array([
        0x7b,
        0x22,
        0xff,
        0xfe,
        0x22,
        0x3a,
        0x31,
        0x7d,
      ]);
      const cyclic = JSON.stringify([{
        title: "t",
        mapping: {
          r: { id: "r", parent: null, children: ["r"], message: null },
        },
      }]);
      // A body with no declared length, larger than JSON bodies may be.
      const unsized = () =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"title":"'));
            const chunk = new Uint8Array(256 * 1024).fill(0x61);
            for (let i = 0; i < 6; i++) controller.enqueue(chunk);
            controller.close();
          },
        });

      const cases: Case[] = [
        // Traversal and encoded traversal in ids.
        {
          name: "../ in id",
          status: 404,
          send: call("GET", `${c}/..%2F..%2Fetc%2Fpasswd`),
        },
        {
          name: "dot-dot encoded",
          status: 404,
          send: call("GET", `${c}/%2e%2e%2f%2e%2e%2fFORMAT`),
        },
        {
          name: "double-encoded",
          status: 404,
          send: call("GET", `${c}/..%252f..%252fconversations`),
        },
        { name: "NUL in id", status: 404, send: call("GET", `${c}/%00`) },
        {
          name: "id with .csv",
          status: 404,
          send: call("GET", `${c}/${ID}%00.csv`),
        },
        {
          name: "backslashes",
          status: 404,
          send: call("GET", `${c}/..%5c..%5cwindows`),
        },
        {
          name: "delete traversal",
          status: 404,
          send: call("DELETE", `${c}/..%2Fconversations`),
        },
        {
          name: "patch traversal",
          status: 404,
          send: call("PATCH", `${c}/..%2F..%2Fdata`, {
            type: json,
            body: "{}",
          }),
        },
        {
          name: "messages traversal",
          status: 404,
          send: call("POST", `${c}/..%2F/messages`, {
            type: json,
            body: '{"content":"x"}',
          }),
        },
        {
          name: "export traversal",
          status: 404,
          send: call("GET", `${c}/..%2F..%2F/export?format=csv`),
        },
        { name: "unknown id", status: 404, send: call("GET", `${c}/${ID}`) },
        {
          name: "uppercase id",
          status: 404,
          send: call("GET", `${c}/${kept.id.toUpperCase()}`),
        },
        {
          name: "broken percent-encoding",
          status: 400,
          send: call("GET", `${c}/%E0%A4%A`),
        },
        {
          name: "export format traversal",
          status: 400,
          send: call("GET", `${k}/export?format=../../etc/passwd`),
        },
        {
          name: "stream after garbage",
          status: 400,
          send: call("GET", `${k}/stream?after=abc`),
        },
        // Oversized and lying bodies.
        {
          name: "2 MB create",
          status: 413,
          send: call("POST", c, {
            type: json,
            body: `{"title":"${"x".repeat(2 * 1024 * 1024)}"}`,
          }),
        },
        {
          name: "declared 10 GB message",
          status: 413,
          send: raw(
            `POST ${k}/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 10737418240`,
            '{"content":"x"}',
          ),
        },
        {
          name: "declared 10 GB import",
          status: 413,
          send: raw(
            `POST /api/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\nContent-Length: 10737418240`,
            "role,content\r\n",
          ),
        },
        {
          name: "Content-Length shorter than body",
          status: 400,
          send: raw(
            `POST ${c} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5`,
            '{"title":"x"}',
          ),
        },
        {
          name: "1.5 MB create without length",
          status: 413,
          send: call("POST", c, { type: json, body: unsized() }),
        },
        {
          name: "message over the limit",
          status: 413,
          send: call("POST", `${k}/messages`, {
            type: json,
            body: JSON.stringify({ content: "y".repeat(100_001) }),
          }),
        },
        // Wrong content types.
        {
          name: "create as text/plain",
          status: 415,
          send: call("POST", c, { type: "text/plain", body: "{}" }),
        },
        {
          name: "create without type",
          status: 415,
          send: call("POST", c, {
            body: new TextEncoder().encode('{"title":"x"}'),
          }),
        },
        {
          name: "message urlencoded",
          status: 415,
          send: call("POST", `${k}/messages`, {
            type: "application/x-www-form-urlencoded",
            body: "content=x",
          }),
        },
        {
          name: "patch as XML",
          status: 415,
          send: call("PATCH", k, { type: "text/xml", body: "<title/>" }),
        },
        {
          name: "regenerate as text",
          status: 415,
          send: call("POST", `${k}/regenerate`, {
            type: "text/plain",
            body: "{}",
          }),
        },
        {
          name: "import as PNG",
          status: 415,
          send: call("POST", "/api/import", {
            type: "image/png",
            body: "\x89PNG",
          }),
        },
        {
          name: "import without type",
          status: 415,
          send: call("POST", "/api/import", {
            body: new TextEncoder().encode("role,content\r\nuser,x\r\n"),
          }),
        },
        {
          name: "import as text/plain",
          status: 415,
          send: call("POST", "/api/import", {
            type: "text/plain",
            body: "role,content\r\nuser,x\r\n",
          }),
        },
        // Malformed JSON.
        {
          name: "truncated JSON",
          status: 400,
          send: call("POST", c, { type: json, body: '{"title":' }),
        },
        {
          name: "array body",
          status: 400,
          send: call("PATCH", k, { type: json, body: "[1,2]" }),
        },
        {
          name: "null body",
          status: 400,
          send: call("POST", `${k}/messages`, { type: json, body: "null" }),
        },
        {
          name: "number content",
          status: 400,
          send: call("POST", `${k}/messages`, {
            type: json,
            body: '{"content":5}',
          }),
        },
        {
          name: "string body",
          status: 400,
          send: call("POST", c, { type: json, body: '"just a string"' }),
        },
        {
          name: "temperature as text",
          status: 400,
          send: call("PATCH", k, { type: json, body: '{"temperature":"hot"}' }),
        },
        {
          name: "pinned as text",
          status: 400,
          send: call("PATCH", k, { type: json, body: '{"pinned":"yes"}' }),
        },
        {
          name: "title too long",
          status: 400,
          send: call("PATCH", k, {
            type: json,
            body: JSON.stringify({ title: "t".repeat(10_000) }),
          }),
        },
        // Invalid UTF-8.
        {
          name: "invalid UTF-8 JSON",
          status: 400,
          send: call("POST", c, { type: json, body: bad }),
        },
        {
          name: "invalid UTF-8 import",
          status: 400,
          send: call("POST", "/api/import", {
            type: "text/csv",
            body: new Uint8Array([
              ...new TextEncoder().encode("role,content\r\nuser,"),
              0xc3,
              0x28,
              13,
              10,
            ]),
          }),
        },
        // Deep nesting.
        {
          name: "100k-deep create",
          status: 400,
          send: call("POST", c, {
            type: json,
            body: `{"title":${deep(100_000)}}`,
          }),
        },
        {
          name: "100k-deep import",
          status: 400,
          send: call("POST", "/api/import", {
            type: json,
            body: deep(100_000),
          }),
        },
        {
          name: "deep system prompt",
          status: 400,
          send: call("PATCH", k, {
            type: json,
            body: `{"systemPrompt":${deep(50_000)}}`,
          }),
        },
        // Huge headers.
        {
          name: "34 KB header",
          status: 431,
          send: call("GET", "/api/models", {
            headers: { "x-filler": "z".repeat(34 * 1024) },
          }),
        },
        {
          name: "40 KB cookie",
          status: 431,
          send: call("GET", c, {
            headers: { cookie: `a=${"c".repeat(40 * 1024)}` },
          }),
        },
        {
          name: "90 big headers",
          status: 431,
          send: call("GET", c, {
            headers: Object.fromEntries(
              Array.from(
                { length: 90 },
                (_, i) => [`x-h${i}`, "v".repeat(500)],
              ),
            ),
          }),
        },
        // Cyclic and oversized imports.
        {
          name: "empty import",
          status: 400,
          send: call("POST", "/api/import", { type: "text/csv", body: "   " }),
        },
        // Other sites and names.
        {
          name: "cross-site write",
          status: 403,
          send: call("POST", c, {
            type: json,
            body: "{}",
            headers: {
              origin: "https://evil.example",
              "sec-fetch-site": "cross-site",
            },
          }),
        },
        {
          name: "rebinding Host",
          status: 421,
          send: raw(`GET ${c} HTTP/1.1\r\nHost: evil.example`),
        },
        {
          name: "wrong method",
          status: 405,
          send: call("PUT", k, { type: json, body: "{}" }),
        },
      ];
      assert(cases.length >= 40);
      // The cyclic mapping once hung the server: now it is a 400 saying
      // nothing could be imported, and why.
      const loop = await call("POST", "/api/import", {
        type: json,
        body: cyclic,
      })();
      assertEquals(loop.status, 400);
      assert(JSON.parse(loop.text).error.startsWith("Nothing was imported"));
      assertEquals(JSON.parse(loop.text).imported, []);
      assert(JSON.parse(loop.text).skipped[0].reason.length > 0);

      // A probe asks for the model list all along; it must keep answering.
      let running = true;
      let slowest = 0;
      const probe = (async () => {
        while (running) {
          const started = performance.now();
          const response = await fetch(app.base + "/api/models");
          await response.body?.cancel();
          assertEquals(response.status, 200);
          slowest = Math.max(slowest, performance.now() - started);
          await new Promise((r) => setTimeout(r, 20));
        }
      })();
      const failures: string[] = [];
      for (const test of cases) {
        const { status, text, type } = await test.send();
        let error: unknown;
        try {
          error = JSON.parse(text).error;
        } catch {
          error = undefined;
        }
        if (
          status !== test.status || !type.includes("application/json") ||
          typeof error !== "string" || error.length < 8
        ) {
          failures.push(
            `${test.name}: ${status} ${type} ${text.slice(0, 120)}`,
          );
        }
      }
      running = false;
      await probe;
      assertEquals(failures, []);
      // A hang detector, not a speed target: the server never stalled.
      assert(slowest < 10_000, `the server stalled for ${slowest} ms`);

      assertEquals([...Deno.readDirSync(sandbox)].map((e) => e.name), ["data"]);
      const after = await store.readConversation(kept.id);
      assertEquals(after.conversation, before.conversation);
      assertEquals(after.messages, before.messages);
      const list = await store.listConversations();
      assertEquals(list.conversations.map((c) => c.id), [kept.id]);
    } finally {
      await app.close();
      await Deno.remove(sandbox, { recursive: true });
    }
  },
});
