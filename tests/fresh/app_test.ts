import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import { type FixtureServer, startFixture } from "../_helpers/fresh_fixture.ts";

async function withFixture(
  fn: (server: FixtureServer) => Promise<void>,
): Promise<void> {
  const server = await startFixture();
  try {
    await fn(server);
  } finally {
    await server.close();
  }
}

async function get(base: string, path: string, init?: RequestInit) {
  const response = await fetch(base + path, init);
  return { response, text: await response.text() };
}

Deno.test("App - file routes: index, dynamic, catch-all, group, static beats dynamic", async () => {
  await withFixture(async ({ base }) => {
    assertStringIncludes((await get(base, "/")).text, "<h1>home</h1>");
    const dynamic = await get(base, "/c/abc%20d");
    assertEquals(dynamic.response.status, 200);
    assertStringIncludes(dynamic.text, 'data-id="abc d"');
    assertEquals(dynamic.response.headers.get("x-id"), "abc d");
    assertStringIncludes((await get(base, "/c/new")).text, "new conversation");
    assertStringIncludes(
      (await get(base, "/docs/a/b")).text,
      'data-rest="a/b"',
    );
    assertStringIncludes((await get(base, "/about")).text, "<h1>about</h1>");
    assertEquals((await get(base, "/manual/ann")).text, "hi ann");
    assertStringIncludes((await get(base, "/async_page")).text, "async done");
  });
});

Deno.test("App - _app and _layout wrap pages, outermost first", async () => {
  await withFixture(async ({ base }) => {
    const { text } = await get(base, "/admin");
    assertMatch(
      text,
      /^<!DOCTYPE html><html lang="en">.*<body data-wrapper="app"><div data-layout="root"><section data-layout="admin"><h1>admin<\/h1><\/section><\/div><\/body><\/html>$/s,
    );
  });
});

Deno.test("App - middleware runs outer folder first, around the route", async () => {
  await withFixture(async ({ base }) => {
    const admin = await get(base, "/admin");
    assertEquals(admin.response.headers.get("x-trail"), "root,admin,page");
    const home = await get(base, "/");
    assertEquals(home.response.headers.get("x-trail"), "root");
  });
});

Deno.test("App - a path no route matches goes to the root's error routes only, as Fresh 2.3 (no route, no folder)", async () => {
  await withFixture(async ({ base }) => {
    const page = await get(base, "/no/such/page");
    assertEquals(page.response.status, 404);
    assertStringIncludes(page.text, 'data-page="404"');
    assertStringIncludes(page.text, 'data-wrapper="app"');
    // routes/api/_error.ts is not asked: no route under /api matched.
    const api = await get(base, "/api/nothing");
    assertEquals(api.response.status, 404);
    assertStringIncludes(api.text, 'data-page="404"');
  });
});

Deno.test("App - a folder's _error catches its routes' errors before the root's middleware sees them, as Fresh 2.3's segments", async () => {
  await withFixture(async ({ base }) => {
    const { response, text } = await get(base, "/api/fail");
    assertEquals(response.status, 409);
    assertEquals(JSON.parse(text), { error: "api 409" });
    // The root _middleware got a response (and set its header on it).
    assertEquals(response.headers.get("x-trail"), "root");
  });
});

Deno.test("App - HEAD comes from GET; a wrong method is a 405 without Allow and OPTIONS lists the methods, as Fresh 2.3", async () => {
  await withFixture(async ({ base }) => {
    const head = await get(base, "/c/x", { method: "HEAD" });
    assertEquals(head.response.status, 200);
    assertEquals(head.text, "");
    assertEquals(head.response.headers.get("x-id"), "x");
    const put = await get(base, "/api/items", { method: "PUT" });
    assertEquals(put.response.status, 405);
    assertEquals(put.response.headers.get("allow"), null);
    // The root's error route renders it, not the folder's.
    assertStringIncludes(put.text, 'data-status="405"');
    const options = await get(base, "/api/items", { method: "OPTIONS" });
    assertEquals(options.response.status, 204);
    assertEquals(options.response.headers.get("allow"), "GET, HEAD, POST");
    const post = await get(base, "/api/items", { method: "POST" });
    assertEquals(post.response.status, 201);
    const del = await get(base, "/c/x", { method: "DELETE" });
    assertEquals(del.response.status, 204);
  });
});

Deno.test("App - a route module's `handlers` export is read before `handler`, as Fresh 2.3", async () => {
  await withFixture(async ({ base }) => {
    const { response, text } = await get(base, "/plural");
    assertEquals(response.status, 200);
    assertEquals(text, "from handlers");
  });
});

Deno.test("App - each middleware step has its own next(): calling it twice runs the following middleware twice, as Fresh 2.3's compileMiddlewares", async () => {
  await withFixture(async ({ base }) => {
    const { response, text } = await get(base, "/twice");
    assertEquals(text, "twice");
    assertEquals(
      response.headers.get("x-twice"),
      "root,b,route,b,route",
    );
  });
});

Deno.test("App - malformed percent-encoding is a 400", async () => {
  await withFixture(async ({ base }) => {
    const { response, text } = await get(base, "/c/%E0%A4%A");
    assertEquals(response.status, 400);
    assertStringIncludes(text, 'data-status="400"');
  });
});

Deno.test("App - a throwing handler is a 500 page without details; the error route logs it, the framework does not, as Fresh 2.3", async () => {
  await withFixture(async ({ base }) => {
    const original = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(...args);
    try {
      const { response, text } = await get(base, "/throws");
      assertEquals(response.status, 500);
      assertStringIncludes(text, 'data-status="500"');
      assert(!text.includes("secret internal detail"));
      assert(!text.includes("at "), "no stack trace in the page");
      // Logged once, by the fixture's _error route (the framework logs only
      // errors that no error route renders).
      assertEquals(logged.length, 2);
      assertEquals(logged[0], "fixture _error:");
      assertStringIncludes(String(logged[1]), "secret internal detail");
    } finally {
      console.error = original;
    }
  });
});

Deno.test("App - an island prop that cannot be serialized names the island and prop", async () => {
  await withFixture(async ({ base }) => {
    const original = console.error;
    const logged: string[] = [];
    console.error = (...args: unknown[]) =>
      logged.push(args.map(String).join(" "));
    try {
      const { response } = await get(base, "/bad_island");
      assertEquals(response.status, 500);
      const message = logged.join("\n");
      assertStringIncludes(message, "echo_WithCallback");
      assertStringIncludes(message, '"onPick"');
    } finally {
      console.error = original;
    }
  });
});

Deno.test("App - islands are marked, props serialized safely, boot script has the nonce", async () => {
  await withFixture(async ({ base }) => {
    const { text } = await get(base, "/islands");
    const markers = text.match(/<!--frsh:island:[^>]*-->/g) ?? [];
    assertEquals(markers, [
      "<!--frsh:island:counter:0-->",
      "<!--frsh:island:counter:1-->",
      "<!--frsh:island:echo_Echo:2-->",
    ]);
    assertEquals(text.match(/<!--\/frsh:island-->/g)?.length, 3);
    assertStringIncludes(
      text,
      '<frsh-slot><p class="slotted">server child</p></frsh-slot>',
    );
    const state = text.match(
      /<script id="__FRSH_STATE" type="application\/json">(.*?)<\/script>/s,
    );
    assert(state, "state script present");
    assert(!state[1].includes("</script"), "state cannot close its script");
    const parsed = JSON.parse(state[1]);
    assertEquals(parsed.signals, [1]);
    assertEquals(parsed.props[0].count, parsed.props[1].count);
    const nonce = text.match(/<script type="module" nonce="([0-9a-f]+)">/)?.[1];
    assert(nonce, "boot script carries a nonce");
    assertStringIncludes(text, `<script nonce="${nonce}">window.inlineRan`);
  });
});

Deno.test("App - a page without islands ships no JavaScript", async () => {
  await withFixture(async ({ base }) => {
    const { text } = await get(base, "/about");
    assert(!text.includes('type="module"'), "no module script");
    assert(!text.includes("__FRSH_STATE"), "no island state");
  });
});

Deno.test("App - hashed bundles are immutable, other static files revalidate", async () => {
  await withFixture(async ({ base }) => {
    const { text } = await get(base, "/islands");
    const boot = text.match(/from"(\/_fresh\/js\/boot-[A-Z0-9]+\.js)"/)?.[1];
    assert(boot, "boot bundle referenced");
    const js = await get(base, boot);
    assertEquals(js.response.status, 200);
    assertEquals(
      js.response.headers.get("cache-control"),
      "public, max-age=31536000, immutable",
    );
    assertStringIncludes(
      js.response.headers.get("content-type") ?? "",
      "javascript",
    );
    const plain = await get(base, "/hello.txt");
    assertEquals(plain.text, "hello static\n");
    assertEquals(plain.response.headers.get("cache-control"), "no-cache");
    const etag = plain.response.headers.get("etag")!;
    const again = await get(base, "/hello.txt", {
      headers: { "if-none-match": etag },
    });
    assertEquals(again.response.status, 304);
    const locked = await get(base, "/hello.txt?__frsh_c=abc");
    assertEquals(
      locked.response.headers.get("cache-control"),
      "public, max-age=31536000, immutable",
    );
    const escape = await get(base, "/..%2f..%2fdeno.json");
    assertEquals(escape.response.status, 404);
  });
});

Deno.test("App - development mode adds live reload; production does not", async () => {
  const dev = await startFixture("development");
  try {
    const page = await (await fetch(dev.base + "/about")).text();
    assertStringIncludes(page, 'new EventSource("/_frsh/alive")');
    const controller = new AbortController();
    const alive = await fetch(dev.base + "/_frsh/alive", {
      signal: controller.signal,
    });
    assertEquals(alive.headers.get("content-type"), "text/event-stream");
    const reader = alive.body!.pipeThrough(new TextDecoderStream()).getReader();
    const { value } = await reader.read();
    assertMatch(value ?? "", /^retry: \d+\ndata: [0-9a-f-]{36}\n\n$/);
    controller.abort();
    await reader.cancel().catch(() => {});
  } finally {
    await dev.close();
  }
  await withFixture(async ({ base }) => {
    const page = await (await fetch(base + "/about")).text();
    assert(!page.includes("_frsh/alive"));
    const alive = await fetch(base + "/_frsh/alive");
    await alive.body?.cancel();
    assertEquals(alive.status, 404);
  });
});
