import { assert, assertEquals } from "@std/assert";
import type { Locator, Page } from "playwright-core";
import { screenshot } from "../_helpers/browser.ts";
import {
  browserTest,
  importConversation,
  openReady,
  withApp,
} from "./_helpers.ts";

const WIDTHS = [320, 390, 768, 1366];

const longUrl = `https://example.com/${
  "very-long-path-segment-".repeat(20)
}end`;
const wideTable = [
  `| ${
    Array.from({ length: 12 }, (_, i) => `Column header ${i}`).join(" | ")
  } |`,
  `|${" --- |".repeat(12)}`,
  `| ${Array.from({ length: 12 }, (_, i) => `cell value ${i}`).join(" | ")} |`,
].join("\n");
const longCode = "const x = " + "'0123456789'.repeat(4) + ".repeat(12) + "1;";
const wideReply = [
  "A wide table:",
  wideTable,
  `A long link: ${longUrl}`,
  `Inline \`${"inline_code_without_spaces_".repeat(8)}\` and a long word ${
    "Donaudampfschifffahrtsgesellschaft".repeat(6)
  }.`,
  "```js",
  longCode,
  "```",
].join("\n\n");

/** How far the page scrolls sideways (0 when it fits). */
function overflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const el = document.documentElement;
    return el.scrollWidth - el.clientWidth;
  });
}

Deno.test({
  name: "Layout - wide tables, long links and code lines never widen the page",
  ...browserTest,
  async fn() {
    await withApp({}, async (app, page, errors) => {
      const id = await importConversation(app, { title: "Wide things" }, [
        { role: "user", content: `Look at ${longUrl} please` },
        { role: "assistant", content: wideReply },
      ]);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        await openReady(page, `${app.base}/c/${id}`);
        await page.locator(".markdown-body table").waitFor();
        assertEquals(await overflow(page), 0, `page fits at ${width} px`);
        // The table and the code keep their width and scroll in their box.
        const boxes = await page.evaluate(() =>
          ["table", "pre"].map((sel) => {
            const el = document.querySelector(`.markdown-body ${sel}`)!;
            const box = el.closest("[data-scroll-box]") ?? el;
            return box.scrollWidth > box.clientWidth &&
              getComputedStyle(box).overflowX === "auto";
          })
        );
        if (width < 1366) assertEquals(boxes, [true, true], `at ${width} px`);
        await page.locator(".markdown-body table").scrollIntoViewIfNeeded();
        await screenshot(page, `layout-wide-content-${width}`);
      }
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});

/** Whether two elements' boxes on screen share any pixel. */
async function overlap(a: Locator, b: Locator): Promise<boolean> {
  const [p, q] = [await a.boundingBox(), await b.boundingBox()];
  assert(p && q, "both are on screen");
  return p.x < q.x + q.width && q.x < p.x + p.width &&
    p.y < q.y + q.height && q.y < p.y + p.height;
}

Deno.test({
  name: "Layout - toasts never cover Send or Stop, on desktop and phone",
  ...browserTest,
  async fn() {
    await withApp({ demoTokenDelayMs: 40 }, async (app, page, errors) => {
      const id = await importConversation(app, { title: "Toasts" }, [
        { role: "user", content: "Hello" },
        { role: "assistant", content: "Hi there." },
      ]);
      const toast = page.locator("[data-toaster] .alert").last();
      const copy = page.locator("[data-role=assistant]").getByRole("button", {
        name: "Copy",
      }).first();
      for (const [width, height] of [[1366, 768], [390, 844]]) {
        await page.setViewportSize({ width, height });
        await openReady(page, `${app.base}/c/${id}`);
        await page.locator("#composer").fill("A question to keep Send on");
        await copy.evaluate((b) => (b as HTMLElement).click());
        await toast.waitFor();
        const send = page.getByRole("button", { name: "Send", exact: true });
        assertEquals(await overlap(toast, send), false, `Send at ${width}`);
        assertEquals(await overlap(toast, page.locator("#composer")), false);
        await screenshot(page, `layout-toast-send-${width}`);

        await page.locator("#composer").press("Enter");
        const stop = page.getByRole("button", { name: "Stop" });
        await stop.waitFor();
        await copy.evaluate((b) => (b as HTMLElement).click());
        await toast.waitFor();
        assertEquals(await overlap(toast, stop), false, `Stop at ${width}`);
        await screenshot(page, `layout-toast-stop-${width}`);
        await stop.click();
        await page.getByRole("button", { name: "Send", exact: true }).waitFor();
      }
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});
