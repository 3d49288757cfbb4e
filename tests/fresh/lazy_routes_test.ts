import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { lazyImports } from "../fixtures/fresh_app/lazy_imports.ts";
import { startFixture } from "../_helpers/fresh_fixture.ts";

Deno.test("File routes - a route module is imported on its first matching request, once for concurrent requests; routeOverride files at once, as Fresh 2.3's lazy routes", async () => {
  const server = await startFixture();
  try {
    const home = await fetch(`${server.base}/`);
    assertEquals(home.status, 200);
    await home.body?.cancel();
    // The first request loaded the routes that cannot wait, not the others.
    assertEquals(lazyImports, ["lazy/override"]);
    const texts = await Promise.all(
      Array.from(
        { length: 5 },
        () => fetch(`${server.base}/lazy/seen`).then((r) => r.text()),
      ),
    );
    assertEquals(texts, Array(5).fill("seen"));
    assertEquals(lazyImports, ["lazy/override", "lazy/seen"]);
    const moved = await fetch(`${server.base}/elsewhere/ann`);
    assertEquals(await moved.text(), "override ann");
    // Its file's own path is not a route.
    const old = await fetch(`${server.base}/lazy/override`);
    assertEquals(old.status, 404);
    await old.body?.cancel();
  } finally {
    await server.close();
  }
});

Deno.test("File routes - a route module that fails to import is a 500 from its folder's error route, every time, as a handler's error in Fresh 2.3", async () => {
  const server = await startFixture();
  const original = console.error;
  const logged: unknown[] = [];
  console.error = (...args: unknown[]) => logged.push(...args);
  try {
    for (let i = 0; i < 2; i++) {
      const page = await fetch(`${server.base}/lazy/broken`);
      const text = await page.text();
      assertEquals(page.status, 500);
      assertStringIncludes(text, 'data-page="error" data-status="500"');
      assert(!text.includes("secret detail"), "no details in the page");
    }
    // Evaluated once: the runtime keeps a module's failure.
    assertEquals(lazyImports.filter((n) => n === "lazy/broken").length, 1);
    const api = await fetch(`${server.base}/api/broken`);
    assertEquals(api.status, 500);
    assertEquals(await api.json(), { error: "api 500" });
    // The api folder's error route took it, so the root _middleware saw a
    // response, as with a handler's error (see "/api/fail").
    assertEquals(api.headers.get("x-trail"), "root");
    assertStringIncludes(String(logged[1]), "secret detail");
  } finally {
    console.error = original;
    await server.close();
  }
});
