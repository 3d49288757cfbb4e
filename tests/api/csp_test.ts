import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { App } from "fresh";
import { h } from "preact";
import {
  adjustPolicy,
  contentSecurityPolicy,
} from "../../lib/content_security_policy.ts";
import { startApp } from "../_helpers/app_server.ts";

Deno.test("CSP - over plain http (a LAN address) there is no upgrade-insecure-requests, scripts need the page's nonce", async () => {
  const server = await startApp();
  try {
    const response = await fetch(`${server.base}/`);
    const html = await response.text();
    const policy = response.headers.get("content-security-policy") ?? "";
    const directives = policy.split("; ");
    assert(!directives.includes("upgrade-insecure-requests"), policy);
    const nonce = policy.match(/script-src 'self' 'nonce-([0-9a-f]+)'/)?.[1];
    assert(nonce, policy);
    assertStringIncludes(html, `nonce="${nonce}"`);
    assert(directives.includes("style-src 'self' 'unsafe-inline'"), policy);
    assert(directives.includes("img-src 'self' data: blob: http: https:"));
  } finally {
    await server.close();
  }
});

Deno.test("CSP - a request that came over https keeps upgrade-insecure-requests", async () => {
  const app = new App().use(contentSecurityPolicy())
    .get("/", (ctx) => ctx.render(h("p", null, "hi")));
  const handler = app.handler();
  const secure = await handler(new Request("https://chat.example/"));
  await secure.body?.cancel();
  const policy = secure.headers.get("content-security-policy") ?? "";
  assert(policy.split("; ").includes("upgrade-insecure-requests"), policy);
  assertEquals(
    adjustPolicy(
      "style-src 'self' 'nonce-x'; upgrade-insecure-requests",
      false,
    ),
    "style-src 'self' 'unsafe-inline'",
  );
});
