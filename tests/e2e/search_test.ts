import { assert, assertEquals } from "@std/assert";
import type { Page } from "playwright-core";
import { screenshot } from "../_helpers/browser.ts";
import {
  browserTest,
  importConversation,
  openReady,
  withApp,
} from "./_helpers.ts";

/** Wait until message `hitId` is in view and marked as the match. */
async function shownAndMarked(page: Page, hitId: string): Promise<void> {
  await page.waitForFunction((hitId) => {
    const el = document.getElementById(`m-${hitId}`);
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.top >= 0 && box.bottom <= innerHeight &&
      el.classList.contains("outline-primary");
  }, hitId);
}

Deno.test({
  name:
    "Search - results show the words around the match; opening scrolls to that message",
  ...browserTest,
  async fn() {
    await withApp({}, async (app, page, errors) => {
      const messages = [];
      for (let i = 0; i < 30; i++) {
        messages.push({ role: "user", content: `Question ${i}` });
        messages.push({
          role: "assistant",
          content: i === 5
            ? "On the first morning we rode the old yellow tram 28 up " +
              "through Alfama, then walked down to the river."
            : `Answer ${i}: ${"more words to fill the page. ".repeat(8)}`,
        });
      }
      const id = await importConversation(
        app,
        { title: "Lisbon notes" },
        messages,
      );
      const hitId = (await app.services.store.listMessages(id))[11].id;
      await page.setViewportSize({ width: 1280, height: 720 });
      await openReady(page, `${app.base}/`);
      await page.getByRole("searchbox").fill("tram 28");
      const snippet = page.locator(
        `li[data-conversation-id="${id}"] [data-snippet]`,
      );
      await snippet.waitFor();
      assertEquals(await snippet.locator("mark").innerText(), "tram 28");
      assert((await snippet.innerText()).includes("old yellow tram 28 up"));
      // The match is in view, not cut off by the row's width.
      const [box, mark] = [
        await snippet.boundingBox(),
        await snippet.locator("mark").boundingBox(),
      ];
      assert(box && mark && mark.x + mark.width <= box.x + box.width + 1);
      assert(mark.y + mark.height <= box.y + box.height + 1);
      await screenshot(page, "search-snippet");
      await snippet.click();
      await page.waitForURL(`${app.base}/c/${id}#m-${hitId}`);
      await shownAndMarked(page, hitId);
      const atBottom = await page.evaluate(() =>
        scrollY + innerHeight >= document.documentElement.scrollHeight - 80
      );
      assertEquals(atBottom, false, "the page stays at the match");
      await screenshot(page, "search-opened-at-match");
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});

Deno.test({
  name:
    "Search - a match older than the messages the page shows: they load, and it is shown",
  ...browserTest,
  async fn() {
    await withApp({}, async (app, page, errors) => {
      const messages = [];
      for (let i = 0; i < 60; i++) {
        messages.push({ role: "user", content: `Question ${i}` });
        messages.push({
          role: "assistant",
          content: i === 2 ? "The password is marmalade-sky." : `Answer ${i}`,
        });
      }
      const id = await importConversation(
        app,
        { title: "Long notes" },
        messages,
      );
      // The page renders the last 100 of 120 messages: not this one.
      const hitId = (await app.services.store.listMessages(id))[5].id;
      await page.setViewportSize({ width: 1280, height: 720 });
      await openReady(page, `${app.base}/`);
      await page.getByRole("searchbox").fill("marmalade-sky");
      const snippet = page.locator(
        `li[data-conversation-id="${id}"] [data-snippet]`,
      );
      await snippet.click();
      await page.waitForURL(`${app.base}/c/${id}#m-${hitId}`);
      await shownAndMarked(page, hitId);
      assertEquals(await page.locator("article[data-role]").count(), 120);
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});
