import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";

async function json(response: Response) {
  return { status: response.status, body: await response.json() };
}

Deno.test("API errors - one mapping: unknown path 404, wrong method 405, bad id 404, all JSON", async () => {
  const server = await startApp();
  try {
    assertEquals(await json(await fetch(`${server.base}/api/nothing`)), {
      status: 404,
      body: { error: "No such API endpoint." },
    });
    assertEquals(
      await json(await fetch(`${server.base}/api/models`, { method: "PUT" })),
      {
        status: 405,
        body: { error: "This endpoint does not accept that method." },
      },
    );
    const missing = await json(
      await fetch(`${server.base}/api/conversations/not-an-id`),
    );
    assertEquals(missing.status, 404);
    assertStringIncludes(missing.body.error, "not found");
    const page = await fetch(`${server.base}/no/such/page`);
    assertEquals(page.status, 404);
    assertStringIncludes(await page.text(), "Page not found");
  } finally {
    await server.close();
  }
});

Deno.test("API errors - a send while shutting down is a 503 JSON answer, not a logged 500", async () => {
  const server = await startApp();
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(...args);
  try {
    const created = await fetch(`${server.base}/api/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const { id } = await created.json();
    await server.services.chat.shutdown();
    const response = await fetch(
      `${server.base}/api/conversations/${id}/messages`,
      {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ content: "hello" }),
      },
    );
    assertEquals(await json(response), {
      status: 503,
      body: { error: "The server is shutting down." },
    });
    assertEquals(logged, []);
  } finally {
    console.error = original;
    await server.close();
  }
});

Deno.test("API errors - an unexpected failure is a 500 without details, logged once with its stack", async () => {
  const server = await startApp();
  const logged: unknown[] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => logged.push(...args);
  const list = server.services.store.listConversations;
  server.services.store.listConversations = () => {
    throw new Error("disk on fire");
  };
  try {
    const response = await fetch(`${server.base}/api/conversations`);
    const body = await response.json();
    assertEquals(response.status, 500);
    assert(!JSON.stringify(body).includes("disk on fire"));
    assertEquals(logged.length, 1);
    assertStringIncludes(String((logged[0] as Error).stack), "disk on fire");
  } finally {
    server.services.store.listConversations = list;
    console.error = original;
    await server.close();
  }
});
