import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { App, csp, type CSPOptions } from "fresh";
import { h } from "preact";

async function policyOf(
  options: CSPOptions,
  path: "/page" | "/json",
): Promise<{ header: string; body: string }> {
  const app = new App()
    .use(csp(options))
    .get("/page", (ctx) => ctx.render(h("p", null, "hi")))
    .get("/json", () => Response.json({ ok: true }));
  const response = await app.handler()(new Request(`http://localhost${path}`));
  return {
    header: response.headers.get("content-security-policy") ?? "",
    body: await response.text(),
  };
}

Deno.test("csp() - always adds upgrade-insecure-requests and sets the header on every response, as Fresh 2.3", async () => {
  for (const path of ["/page", "/json"] as const) {
    const { header } = await policyOf({}, path);
    assert(header.split("; ").includes("upgrade-insecure-requests"), path);
    assertStringIncludes(header, "script-src 'self' 'unsafe-inline'");
  }
  // A directive of the same name replaces the default one.
  const { header } = await policyOf(
    { csp: ["img-src 'self' https:"] },
    "/json",
  );
  assertStringIncludes(header, "img-src 'self' https:");
  assert(!header.includes("img-src 'self' data:"));
});

Deno.test("csp() - useNonce turns 'unsafe-inline' into the rendered page's nonce, as Fresh 2.3", async () => {
  const app = new App()
    .use(csp({ useNonce: true }))
    .get("/page", (ctx) => ctx.render(h("p", null, "hi")))
    .get("/json", () => Response.json({ ok: true }));
  const handler = app.handler();
  const page = await handler(new Request("http://localhost/page"));
  const header = page.headers.get("content-security-policy") ?? "";
  const nonce = header.match(/script-src 'self' 'nonce-([0-9a-f]+)'/)?.[1];
  assert(nonce, header);
  assertStringIncludes(header, `style-src 'self' 'nonce-${nonce}'`);
  await page.body?.cancel();
  // A response the layer did not render has no nonce: the policy stays.
  const json = await handler(new Request("http://localhost/json"));
  assertStringIncludes(
    json.headers.get("content-security-policy") ?? "",
    "script-src 'self' 'unsafe-inline'",
  );
  await json.body?.cancel();
  assertEquals(page.status, 200);
});
