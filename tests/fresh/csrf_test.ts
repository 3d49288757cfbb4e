import { assertEquals } from "@std/assert";
import { App, csrf, type CsrfOptions } from "fresh";

type Site = "cross-site" | "same-origin" | "same-site" | "none";

/** Status of a request through an app with `csrf(options)` before a route. */
async function statusFor(
  options: CsrfOptions,
  method: string,
  test: { site?: Site; origin?: string } = {},
): Promise<number> {
  const headers = new Headers();
  if (test.site) headers.set("sec-fetch-site", test.site);
  if (test.origin) headers.set("origin", test.origin);
  const req = new Request("https://example.com/", { method, headers });
  const app = new App().use(csrf(options))
    .all("/", () => new Response("hello"));
  const response = await app.handler()(req);
  await response.body?.cancel();
  return response.status;
}

Deno.test("CSRF - GET, HEAD and OPTIONS always pass, even cross-site", async () => {
  for (const method of ["GET", "HEAD", "OPTIONS"]) {
    assertEquals(await statusFor({}, method, { site: "cross-site" }), 200);
  }
  assertEquals(await statusFor({}, "PUT", { site: "cross-site" }), 403);
});

Deno.test("CSRF - Sec-Fetch-Site decides when the browser sends it", async () => {
  const o = { origin: "https://example.com" };
  assertEquals(await statusFor(o, "POST", { site: "same-origin" }), 200);
  assertEquals(await statusFor(o, "POST", { site: "none" }), 200);
  assertEquals(await statusFor(o, "POST", { site: "cross-site" }), 403);
  // Another port of the same host is the same site, not the same origin.
  assertEquals(await statusFor(o, "POST", { site: "same-site" }), 403);
});

Deno.test("CSRF - without Sec-Fetch-Site, Origin decides; neither header passes", async () => {
  const o = { origin: "https://example.com" };
  assertEquals(await statusFor(o, "POST"), 200);
  assertEquals(
    await statusFor(o, "POST", { origin: "https://example.com" }),
    200,
  );
  assertEquals(
    await statusFor(o, "POST", { origin: "https://attacker.example.com" }),
    403,
  );
  assertEquals(await statusFor(o, "POST", { origin: "null" }), 403);
});

Deno.test("CSRF - default origin is the request's own", async () => {
  assertEquals(
    await statusFor({}, "DELETE", { origin: "https://example.com" }),
    200,
  );
  assertEquals(
    await statusFor({}, "DELETE", { origin: "https://example.com:8443" }),
    403,
  );
});

Deno.test("CSRF - an allowed origin passes even when cross-site", async () => {
  const o = { origin: "https://trusted.example.com" };
  assertEquals(
    await statusFor(o, "POST", {
      origin: "https://trusted.example.com",
      site: "cross-site",
    }),
    200,
  );
  assertEquals(
    await statusFor(o, "POST", {
      origin: "https://attacker.example.com",
      site: "cross-site",
    }),
    403,
  );
});

Deno.test("CSRF - origin as a list and as a function", async () => {
  const list = {
    origin: ["https://example.com", "https://trusted.example.com"],
  };
  assertEquals(
    await statusFor(list, "POST", { origin: "https://trusted.example.com" }),
    200,
  );
  assertEquals(
    await statusFor(list, "POST", { origin: "https://foo.example.com" }),
    403,
  );
  const fn = { origin: (origin: string) => origin === "https://example.com" };
  assertEquals(
    await statusFor(fn, "POST", { origin: "https://example.com" }),
    200,
  );
  assertEquals(
    await statusFor(fn, "POST", { origin: "https://foo.example.com" }),
    403,
  );
});
