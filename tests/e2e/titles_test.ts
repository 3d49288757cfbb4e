import { assert, assertEquals } from "@std/assert";
import { screenshot } from "../_helpers/browser.ts";
import { browserTest, openReady, withApp } from "./_helpers.ts";

Deno.test({
  name: "Titles - the sidebar names a new chat after its question at once",
  ...browserTest,
  async fn() {
    await withApp({ demoTokenDelayMs: 80 }, async (app, page, errors) => {
      await openReady(page, `${app.base}/`);
      await page.locator("#composer").fill(
        "Plan a weekend in Porto with kids, please",
      );
      await page.locator("#composer").press("Enter");
      await page.locator("[data-role=assistant][data-status=streaming]")
        .waitFor();
      const row = page.locator("li[data-conversation-id] a").first();
      await page.waitForFunction(() =>
        document.querySelector("li[data-conversation-id] a")?.textContent ===
          "Plan a weekend in Porto with"
      );
      assertEquals(
        await page.locator("[data-role=assistant]").last().getAttribute(
          "data-status",
        ),
        "streaming",
        "named while the first reply is still being written",
      );
      await screenshot(page, "titles-provisional");
      assertEquals(await row.textContent(), "Plan a weekend in Porto with");
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});
