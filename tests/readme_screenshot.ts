/**
 * Takes the README's picture of the app (`static/screenshot.png`): a few
 * conversations in the sidebar and the end of a demo reply (its code, its
 * table and the line with its model, time and tokens), scrolled to the
 * bottom so nothing floats over it, in Chromium at 1280×800. Run `deno task screenshot` after a visible change
 * and `deno task build` first.
 *
 * @module
 */
import { startApp } from "./_helpers/app_server.ts";
import { launchBrowser } from "./_helpers/browser.ts";

const OUT = new URL("../static/screenshot.png", import.meta.url);

const app = await startApp();
const browser = await launchBrowser();
try {
  const store = app.services.store;
  for (const title of ["Trip to Lisbon", "Weekly groceries", "Tax questions"]) {
    await store.createConversation({ title });
  }
  await store.createConversation({ title: "Project plan", pinned: true });
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`${app.base}/`);
  await page.locator("#composer").fill(
    "Compare CSV and JSON for storing chat history",
  );
  await page.locator("#composer").press("Enter");
  await page.locator("[data-role=assistant][data-status=complete]").waitFor();
  // At the bottom: the reply's last lines, and no "Jump to latest".
  await page.evaluate(() =>
    globalThis.scrollTo({ top: document.documentElement.scrollHeight })
  );
  await page.locator("#composer").blur();
  await page.waitForTimeout(500);
  await page.screenshot({ path: OUT.pathname });
  console.log(`Saved ${OUT.pathname}`);
} finally {
  await browser.close();
  await app.close();
}
