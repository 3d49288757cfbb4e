import { assert, assertEquals } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";
import { newId } from "../../lib/store/mod.ts";

type App = Awaited<ReturnType<typeof startApp>>;

async function call(
  app: App,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const response = await fetch(app.base + path, {
    method,
    headers: body === undefined
      ? headers
      : { "content-type": "application/json", ...headers },
    body: body === undefined
      ? undefined
      : typeof body === "string"
      ? body
      : JSON.stringify(body),
  });
  const text = await response.text();
  const json = text && response.headers.get("content-type")?.includes("json")
    ? JSON.parse(text)
    : text;
  return { status: response.status, json, headers: response.headers };
}

Deno.test("API conversations - create, get, list, patch, delete", async () => {
  const app = await startApp();
  try {
    const created = await call(app, "POST", "/api/conversations", {
      title: "First",
      systemPrompt: "Be kind.",
    });
    assertEquals(created.status, 201);
    const id = created.json.id;
    assertEquals(created.headers.get("location"), `/api/conversations/${id}`);
    assertEquals(created.json.title, "First");

    const empty = await call(app, "POST", "/api/conversations");
    assertEquals(empty.status, 201);
    assertEquals(empty.json.title, "New chat");

    await app.services.store.appendMessage(id, {
      role: "user",
      content: "Where is the lighthouse?",
    });
    const got = await call(app, "GET", `/api/conversations/${id}`);
    assertEquals(got.status, 200);
    assertEquals(got.json.conversation.systemPrompt, "Be kind.");
    assertEquals(got.json.messages.length, 1);

    const patched = await call(app, "PATCH", `/api/conversations/${id}`, {
      title: "Renamed",
      pinned: true,
      temperature: 0.2,
    });
    assertEquals(patched.status, 200);
    assertEquals([patched.json.title, patched.json.pinned], ["Renamed", true]);

    const list = await call(app, "GET", "/api/conversations");
    assertEquals(list.json.conversations.map((c: { id: string }) => c.id), [
      id,
      empty.json.id,
    ]);
    const search = await call(app, "GET", "/api/conversations?q=lighthouse");
    assertEquals(search.json.conversations.length, 1);
    const page = await call(app, "GET", "/api/conversations?limit=1");
    assertEquals(page.json.conversations.length, 1);
    const next = await call(
      app,
      "GET",
      `/api/conversations?limit=1&cursor=${page.json.nextCursor}`,
    );
    assertEquals(next.json.conversations[0].id, empty.json.id);
    assertEquals(next.json.nextCursor, null);

    const deleted = await fetch(`${app.base}/api/conversations/${id}`, {
      method: "DELETE",
    });
    assertEquals(deleted.status, 204);
    assertEquals(await deleted.text(), "");
    const gone = await call(app, "GET", `/api/conversations/${id}`);
    assertEquals(gone.status, 404);
    assertEquals(gone.json, { error: "Conversation not found" });
    assert((await Deno.stat(`${app.dataDir}/trash/${id}.csv`)).isFile);
  } finally {
    await app.close();
  }
});

Deno.test("API conversations - bad input gets 400/404/413/415 with a message", async () => {
  const app = await startApp();
  try {
    const { json: c } = await call(app, "POST", "/api/conversations", {});
    const long = await call(app, "PATCH", `/api/conversations/${c.id}`, {
      title: "x".repeat(201),
    });
    assertEquals(long.status, 400);
    assertEquals(long.json, { error: "title must be at most 200 characters" });
    const temp = await call(app, "PATCH", `/api/conversations/${c.id}`, {
      temperature: 9,
    });
    assertEquals(temp.json.error, "temperature must be between 0 and 2");
    const notJson = await call(
      app,
      "PATCH",
      `/api/conversations/${c.id}`,
      "{nope",
    );
    assertEquals(notJson.status, 400);
    const wrongType = await call(
      app,
      "POST",
      "/api/conversations",
      "title=x",
      { "content-type": "application/x-www-form-urlencoded" },
    );
    assertEquals(wrongType.status, 415);
    const cursor = await call(app, "GET", "/api/conversations?cursor=!!");
    assertEquals(cursor.status, 400);
    const limit = await call(app, "GET", "/api/conversations?limit=5000");
    assertEquals(limit.status, 400);
    const huge = await call(app, "POST", "/api/conversations", {
      systemPrompt: "x".repeat(300 * 1024),
    });
    assertEquals(huge.status, 413);
    for (
      const bad of [
        "..%2f..%2fetc%2fpasswd",
        "%2e%2e%2f",
        c.id.toUpperCase(),
        newId(),
        "x".repeat(500),
        c.id + "%00",
      ]
    ) {
      for (const method of ["GET", "PATCH", "DELETE"]) {
        const r = await call(
          app,
          method,
          `/api/conversations/${bad}`,
          method === "PATCH" ? { title: "x" } : undefined,
        );
        assertEquals(r.status, 404, `${method} ${bad}`);
      }
      const e = await call(app, "GET", `/api/conversations/${bad}/export`);
      assertEquals(e.status, 404);
    }
    assertEquals(
      (await call(app, "GET", "/api/conversations")).json.conversations
        .length,
      1,
    );
  } finally {
    await app.close();
  }
});

Deno.test("API conversations - export as csv, md and json downloads", async () => {
  const app = await startApp();
  try {
    const { json: c } = await call(app, "POST", "/api/conversations", {
      title: "Café notes",
    });
    await app.services.store.appendMessage(c.id, {
      role: "user",
      content: "=2+2",
    });
    const csv = await fetch(
      `${app.base}/api/conversations/${c.id}/export?format=csv`,
    );
    assertEquals(csv.status, 200);
    assertEquals(csv.headers.get("content-type"), "text/csv; charset=utf-8");
    assertEquals(
      csv.headers.get("content-disposition"),
      'attachment; filename="cafe-notes.csv"',
    );
    const bytes = new Uint8Array(await csv.arrayBuffer());
    assertEquals([...bytes.slice(0, 3)], [0xef, 0xbb, 0xbf]);
    assert(new TextDecoder().decode(bytes).includes(",'=2+2,Café notes,"));
    const md = await fetch(
      `${app.base}/api/conversations/${c.id}/export?format=md`,
    );
    assert((await md.text()).startsWith("# Café notes"));
    const json = await call(app, "GET", `/api/conversations/${c.id}/export`);
    assertEquals(json.json.messages[0].content, "=2+2");
    const bad = await call(
      app,
      "GET",
      `/api/conversations/${c.id}/export?format=xlsx`,
    );
    assertEquals(bad.status, 400);
    assertEquals(bad.json.error, "format must be csv, md or json");
  } finally {
    await app.close();
  }
});

Deno.test("API import - body, multipart form, ChatGPT, and refusals", async () => {
  const app = await startApp();
  try {
    const csv = await call(
      app,
      "POST",
      "/api/import",
      "role,content\r\nuser,Hello from CSV\r\nassistant,Hi\r\nalien,zzz\r\n",
      { "content-type": "text/csv" },
    );
    assertEquals(csv.status, 201);
    assertEquals(csv.json.format, "csv");
    assertEquals(csv.json.imported[0].messages, 2);
    assertEquals(csv.json.skipped[0].item, "line 4");

    const form = new FormData();
    form.append(
      "file",
      new File(
        [JSON.stringify([{
          title: "From ChatGPT",
          current_node: "b",
          mapping: {
            a: {
              id: "a",
              parent: null,
              children: ["b"],
              message: {
                author: { role: "user" },
                content: { content_type: "text", parts: ["Hey"] },
              },
            },
            b: {
              id: "b",
              parent: "a",
              children: [],
              message: {
                author: { role: "assistant" },
                content: { content_type: "text", parts: ["Hello!"] },
              },
            },
          },
        }])],
        "conversations.json",
        { type: "application/json" },
      ),
    );
    const multipart = await fetch(`${app.base}/api/import`, {
      method: "POST",
      body: form,
    });
    const report = await multipart.json();
    assertEquals(multipart.status, 201);
    assertEquals(report.format, "chatgpt");
    assertEquals(report.imported[0].title, "From ChatGPT");
    const imported = await call(
      app,
      "GET",
      `/api/conversations/${report.imported[0].id}`,
    );
    assertEquals(
      imported.json.messages.map((m: { content: string }) => m.content),
      ["Hey", "Hello!"],
    );

    const image = await call(app, "POST", "/api/import", "GIF89a", {
      "content-type": "image/gif",
    });
    assertEquals(image.status, 415);
    const unknown = await call(app, "POST", "/api/import", "hello\nworld", {
      "content-type": "text/plain",
    });
    assertEquals(unknown.status, 415);
    const broken = await call(app, "POST", "/api/import", "[{", {
      "content-type": "application/json",
    });
    assertEquals(broken.status, 400);
    const noFile = await fetch(`${app.base}/api/import`, {
      method: "POST",
      body: new FormData(),
    });
    assertEquals(noFile.status, 400);
    assertEquals(
      (await noFile.json()).error,
      "Attach the file in a field named file",
    );
    // A declared size over the limit is refused before the body is read.
    const port = Number(new URL(app.base).port);
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    await conn.write(new TextEncoder().encode(
      "POST /api/import HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/csv\r\n" +
        `Content-Length: ${65 * 1024 * 1024}\r\nConnection: close\r\n\r\n` +
        "role,content\r\n",
    ));
    const buffer = new Uint8Array(4096);
    const n = await conn.read(buffer);
    conn.close();
    assert(
      new TextDecoder().decode(buffer.subarray(0, n ?? 0)).startsWith(
        "HTTP/1.1 413",
      ),
    );
    assertEquals(
      (await call(app, "GET", "/api/conversations")).json.conversations
        .length,
      2,
    );
  } finally {
    await app.close();
  }
});
