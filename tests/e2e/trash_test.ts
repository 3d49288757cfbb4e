import { assert, assertEquals } from "@std/assert";
import { screenshot } from "../_helpers/browser.ts";
import { browserTest, openReady, withApp } from "./_helpers.ts";

Deno.test({
  name: "Trash - Recently deleted: restore, delete forever, empty",
  ...browserTest,
  async fn() {
    await withApp({ trashDays: 30 }, async (app, page, errors) => {
      const store = app.services.store;
      const ids: Record<string, string> = {};
      for (const title of ["Kept", "Trip plan", "Old draft", "Scratch"]) {
        ids[title] = (await store.createConversation({ title })).id;
      }
      for (const title of ["Trip plan", "Old draft", "Scratch"]) {
        await store.deleteConversation(ids[title]);
      }
      await openReady(page, `${app.base}/`);
      await page.getByRole("link", { name: "Deleted" }).click();
      await page.waitForURL(`${app.base}/trash`);
      await page.locator("[data-trash]").waitFor();
      const rows = page.locator("[data-trash-id]");
      assertEquals(await rows.count(), 3);
      assert(
        (await page.locator("[data-trash]").innerText()).includes(
          "kept for 30 days",
        ),
      );
      await screenshot(page, "trash-list");

      await page.getByRole("button", { name: "Restore “Trip plan”" }).click();
      await page.locator(`[data-trash-id="${ids["Trip plan"]}"]`).waitFor({
        state: "detached",
      });
      await page.locator(`li[data-conversation-id="${ids["Trip plan"]}"]`)
        .waitFor();
      assertEquals(
        (await store.getConversation(ids["Trip plan"])).title,
        "Trip plan",
      );

      await page.getByRole("button", { name: "Delete “Old draft” forever" })
        .click();
      await page.getByRole("button", { name: "Delete “Old draft” for good" })
        .click();
      await page.locator(`[data-trash-id="${ids["Old draft"]}"]`).waitFor({
        state: "detached",
      });
      assertEquals((await store.listTrash()).map((c) => c.title), ["Scratch"]);

      await page.getByRole("button", { name: "Empty trash" }).click();
      await page.getByRole("alert").getByRole("button", { name: "Empty trash" })
        .click();
      await page.getByText("The trash is empty.").waitFor();
      assertEquals(await store.listTrash(), []);
      await screenshot(page, "trash-emptied");
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});
