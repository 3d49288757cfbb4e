import { assert, assertEquals } from "@std/assert";
import zlib from "node:zlib";
import { startApp } from "../_helpers/app_server.ts";
import { wireRequest } from "../_helpers/wire.ts";
import { negotiateEncoding } from "../../lib/fresh/encoding.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

Deno.test("Compression - Accept-Encoding negotiation", () => {
  assertEquals(negotiateEncoding(null), null);
  assertEquals(negotiateEncoding("gzip, deflate, br, zstd"), "br");
  assertEquals(negotiateEncoding("gzip"), "gzip");
  assertEquals(negotiateEncoding("br;q=0, gzip;q=0.5"), "gzip");
  assertEquals(negotiateEncoding("gzip;q=0.9, br;q=0.5"), "gzip");
  assertEquals(negotiateEncoding("identity"), null);
  assertEquals(negotiateEncoding("*"), "br");
  assertEquals(negotiateEncoding("*;q=0, gzip"), "gzip");
  assertEquals(negotiateEncoding("deflate"), null);
});

Deno.test("Compression - pages and JSON by Accept-Encoding, with Vary", async () => {
  const app = await startApp();
  try {
    for (let i = 0; i < 8; i++) {
      await (await fetch(`${app.base}/api/conversations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          title: `A conversation with a long title ${i}`,
        }),
      })).arrayBuffer();
    }
    const plain = await wireRequest(`${app.base}/`);
    assertEquals(plain.status, 200);
    assertEquals(plain.headers.get("content-encoding"), null);
    assert(/accept-encoding/i.test(plain.headers.get("vary") ?? ""));
    const html = text(plain.body);
    assert(html.includes("<html"), html.slice(0, 100));

    const br = await wireRequest(`${app.base}/`, {
      headers: { "accept-encoding": "gzip, deflate, br" },
    });
    assertEquals(br.headers.get("content-encoding"), "br");
    assert(/accept-encoding/i.test(br.headers.get("vary") ?? ""));
    assert(br.wireBytes < plain.wireBytes / 2, `${br.wireBytes} bytes`);
    // Same page but for the per-response CSP nonce.
    const unpacked = text(zlib.brotliDecompressSync(br.body));
    const noNonce = (s: string) => s.replace(/nonce="[^"]*"/g, "");
    assertEquals(noNonce(unpacked), noNonce(html));

    const json = await wireRequest(`${app.base}/api/conversations?limit=8`, {
      headers: { "accept-encoding": "gzip" },
    });
    assertEquals(json.status, 200);
    const body = JSON.parse(text(zlib.gunzipSync(json.body)));
    assertEquals(body.conversations.length, 8);
    assertEquals(json.headers.get("content-encoding"), "gzip");
  } finally {
    await app.close();
  }
});

Deno.test("Compression - built assets are served precompressed and immutable", async () => {
  const app = await startApp();
  try {
    const html = await (await fetch(`${app.base}/`)).text();
    const boot = /from"(\/_fresh\/js\/[^"]+\.js)"/.exec(html)?.[1] ??
      /src="(\/_fresh\/js\/[^"]+\.js)"/.exec(html)?.[1];
    const css = /href="(\/styles\.css[^"]*)"/.exec(html)?.[1];
    assert(boot && css, "the page names its script and styles");
    // The largest chunk the boot script imports.
    const plainBoot = await wireRequest(`${app.base}${boot}`);
    let path = boot;
    let plain = plainBoot;
    for (
      const [, chunk] of text(plainBoot.body).matchAll(
        /"\.\/(chunk-[^"]+\.js)"/g,
      )
    ) {
      const candidate = boot.replace(/[^/]+$/, chunk);
      const response = await wireRequest(`${app.base}${candidate}`);
      if (response.body.length > plain.body.length) {
        path = candidate;
        plain = response;
      }
    }
    const br = await wireRequest(`${app.base}${path}`, {
      headers: { "accept-encoding": "br, gzip" },
    });
    assertEquals(br.headers.get("content-encoding"), "br");
    assertEquals(
      br.headers.get("cache-control"),
      "public, max-age=31536000, immutable",
    );
    assertEquals(Number(br.headers.get("content-length")), br.body.length);
    assertEquals(zlib.brotliDecompressSync(br.body).length, plain.body.length);
    assert(br.headers.get("etag") !== plain.headers.get("etag"));
    const again = await wireRequest(`${app.base}${path}`, {
      headers: {
        "accept-encoding": "br, gzip",
        "if-none-match": br.headers.get("etag")!,
      },
    });
    assertEquals(again.status, 304);
    const styles = await wireRequest(`${app.base}${css}`, {
      headers: { "accept-encoding": "gzip" },
    });
    assertEquals(styles.headers.get("content-encoding"), "gzip");
    assert(text(zlib.gunzipSync(styles.body)).length > styles.body.length);
  } finally {
    await app.close();
  }
});

Deno.test("Compression - a reply stream is neither compressed nor held back", async () => {
  const app = await startApp({ demoTokenDelayMs: 40 });
  try {
    const created = await (await fetch(`${app.base}/api/conversations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    })).json();
    const response = await fetch(
      `${app.base}/api/conversations/${created.id}/messages`,
      {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "accept-encoding": "br, gzip",
        },
        body: JSON.stringify({ content: "count to 40" }),
      },
    );
    assertEquals(response.headers.get("content-encoding"), null);
    assert(response.headers.get("content-type")?.includes("ndjson"));
    const reader = response.body!.getReader();
    const first = text((await reader.read()).value!);
    // The first lines arrive while the reply (about 1.6 s) is still going.
    assert(first.includes('"type":"start"'), first);
    assert(!first.includes('"type":"done"'), first);
    await fetch(`${app.base}/api/conversations/${created.id}/stop`, {
      method: "POST",
    }).then((r) => r.body?.cancel());
    while (!(await reader.read()).done) { /* drain */ }
  } finally {
    await app.close();
  }
});
