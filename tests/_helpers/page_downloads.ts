/**
 * What a browser really downloads for a page: every response Chromium
 * receives while the page loads and settles (lazily imported chunks that
 * the page asks for at once included), as bytes on the wire and decoded.
 *
 * @module
 */
import type { Page } from "playwright-core";

/** Bytes by kind of resource (`script`, `stylesheet`, `document`, …). */
export type Downloads = Record<string, { wire: number; decoded: number }>;

/**
 * Open `url` in `page` and add up, per resource type, what arrives until
 * the network has been quiet for `quietMs`.
 */
export async function pageDownloads(
  page: Page,
  url: string,
  options: { quietMs?: number } = {},
): Promise<Downloads> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const kinds = new Map<string, string>();
  const totals: Downloads = {};
  let last = performance.now();
  const add = (id: string, wire: number, decoded: number) => {
    const kind = kinds.get(id) ?? "other";
    const t = totals[kind] ??= { wire: 0, decoded: 0 };
    t.wire += wire;
    t.decoded += decoded;
    last = performance.now();
  };
  cdp.on("Network.responseReceived", (e) => {
    kinds.set(e.requestId, e.type.toLowerCase());
    last = performance.now();
  });
  cdp.on("Network.dataReceived", (e) => add(e.requestId, 0, e.dataLength));
  cdp.on(
    "Network.loadingFinished",
    (e) => add(e.requestId, e.encodedDataLength, 0),
  );
  await page.goto(url, { waitUntil: "load" });
  const quiet = options.quietMs ?? 1500;
  while (performance.now() - last < quiet) {
    await page.waitForTimeout(100);
  }
  await cdp.detach();
  return totals;
}
