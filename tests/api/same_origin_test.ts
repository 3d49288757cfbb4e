import { assertEquals, assertStringIncludes } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";
import { rawRequest } from "../_helpers/raw_http.ts";

Deno.test("Same origin - writes from another origin or port get 403 JSON and store nothing", async () => {
  const app = await startApp();
  try {
    const other = app.base.replace(/:\d+$/, ":1");
    const attempts: [string, Record<string, string>][] = [
      ["cross-site origin", { origin: "https://evil.example" }],
      ["another port", { origin: other }],
      ["null origin", { origin: "null" }],
      ["same-site fetch", { "sec-fetch-site": "same-site", origin: other }],
      ["cross-site fetch", { "sec-fetch-site": "cross-site" }],
    ];
    for (const [name, headers] of attempts) {
      const response = await fetch(app.base + "/api/conversations", {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body: "{}",
      });
      assertEquals(response.status, 403, name);
      assertStringIncludes(
        (await response.json()).error,
        "came from another site",
        name,
      );
    }
    assertEquals(
      (await app.services.store.listConversations()).conversations.length,
      0,
    );
    const own = await fetch(app.base + "/api/conversations", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: app.base,
        "sec-fetch-site": "same-origin",
      },
      body: "{}",
    });
    await own.body?.cancel();
    assertEquals(own.status, 201);
    const read = await fetch(app.base + "/api/conversations", {
      headers: {
        "sec-fetch-site": "cross-site",
        origin: "https://evil.example",
      },
    });
    await read.body?.cancel();
    assertEquals(read.status, 200, "a GET is not a write");
  } finally {
    await app.close();
  }
});

Deno.test("Same origin - JSON endpoints take only application/json (415), also without a Content-Type", async () => {
  const app = await startApp();
  try {
    const bodies: [string, string | undefined][] = [
      ["text/plain", "text/plain"],
      ["no type", undefined],
      ["urlencoded", "application/x-www-form-urlencoded"],
      ["multipart", "multipart/form-data; boundary=x"],
      ["json-ish", "application/vnd.api+json"],
    ];
    for (const [name, type] of bodies) {
      const response = await fetch(app.base + "/api/conversations", {
        method: "POST",
        headers: type ? { "content-type": type } : {},
        body: new TextEncoder().encode('{"title":"sneaky"}'),
      });
      assertEquals(response.status, 415, name);
      assertStringIncludes((await response.json()).error, "application/json");
    }
    const noType = await fetch(app.base + "/api/import", {
      method: "POST",
      body: new TextEncoder().encode("role,content\r\nuser,hi\r\n"),
    });
    assertEquals(noType.status, 415, "an import needs a declared type");
    await noType.body?.cancel();
    const plain = await fetch(app.base + "/api/import", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "role,content\r\nuser,hi\r\n",
    });
    assertEquals(plain.status, 415, "text/plain is what any page can send");
    await plain.body?.cancel();
    assertEquals(
      (await app.services.store.listConversations()).conversations.length,
      0,
    );
    const empty = await fetch(app.base + "/api/conversations", {
      method: "POST",
    });
    await empty.body?.cancel();
    assertEquals(empty.status, 201, "no body at all still creates a chat");
  } finally {
    await app.close();
  }
});

Deno.test("Allowed hosts - a rebinding name gets 421 and no data; loopback names work", async () => {
  const app = await startApp();
  try {
    await app.services.store.createConversation({ title: "Secret plans" });
    for (const path of ["/", "/api/conversations", "/styles.css"]) {
      const evil = await rawRequest(
        app.base,
        `GET ${path} HTTP/1.1\r\nHost: rebind.evil.example:8000`,
      );
      assertEquals(evil.status, 421, path);
      assertEquals(evil.text.includes("Secret plans"), false);
      assertStringIncludes(evil.text, "ALLOWED_HOSTS");
    }
    const write = await rawRequest(
      app.base,
      "POST /api/conversations HTTP/1.1\r\nHost: rebind.evil.example\r\n" +
        "Content-Type: application/json\r\nContent-Length: 2",
      "{}",
    );
    assertEquals(write.status, 421);
    for (const host of ["localhost", "127.0.0.1", "[::1]"]) {
      const ok = await rawRequest(
        app.base,
        `GET /api/conversations HTTP/1.1\r\nHost: ${host}:${
          new URL(app.base).port
        }`,
      );
      assertEquals(ok.status, 200, host);
      assertStringIncludes(ok.text, "Secret plans");
    }
    assertEquals(
      (await app.services.store.listConversations()).conversations.length,
      1,
    );
  } finally {
    await app.close();
  }
});

Deno.test("Allowed hosts - ALLOWED_HOSTS replaces the loopback names", async () => {
  const app = await startApp({ allowedHosts: ["chat.home.arpa"] });
  try {
    const named = await rawRequest(
      app.base,
      "GET /api/models HTTP/1.1\r\nHost: chat.home.arpa:8000",
    );
    assertEquals(named.status, 200);
    const local = await rawRequest(
      app.base,
      "GET /api/models HTTP/1.1\r\nHost: localhost",
    );
    assertEquals(local.status, 421);
  } finally {
    await app.close();
  }
});
