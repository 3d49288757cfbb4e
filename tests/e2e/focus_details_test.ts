import { assert, assertEquals } from "@std/assert";
import { screenshot } from "../_helpers/browser.ts";
import { browserTest, openReady, withApp } from "./_helpers.ts";

async function tripPlan(base: string): Promise<string> {
  const response = await fetch(`${base}/api/import`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      format: "liveaichat.conversation",
      conversation: { title: "Trip plan" },
      messages: [
        { role: "user", content: "Plan a day in Porto" },
        {
          role: "assistant",
          content: "Start at the Ribeira.",
          model: "demo",
          promptTokens: 1200,
          completionTokens: 34,
        },
      ],
    }),
  });
  assertEquals(response.status, 201);
  return (await response.json()).imported[0].id;
}

Deno.test({
  name: "Details - token usage shows without hovering; totals in settings",
  ...browserTest,
  async fn() {
    await withApp({}, async (app, page, errors) => {
      const id = await tripPlan(app.base);
      await page.setViewportSize({ width: 1366, height: 768 });
      await openReady(page, `${app.base}/c/${id}`);
      await page.mouse.move(1300, 10);
      const details = page.locator("[data-role=assistant] [data-details]");
      assert((await details.innerText()).includes("1200 prompt + 34 reply"));
      const shown = await details.evaluate((el) => {
        for (let e: Element | null = el; e; e = e.parentElement) {
          if (getComputedStyle(e).opacity !== "1") return false;
        }
        return true;
      });
      assert(shown, "the usage line is visible without hovering");
      await page.getByRole("button", { name: "Settings", exact: true }).click();
      const usage = page.locator("[data-usage]");
      await usage.waitFor();
      assertEquals(
        await usage.innerText(),
        "Token usage: 1,200 prompt + 34 reply = 1,234 tokens over 1 reply",
      );
      await screenshot(page, "details-usage-settings");
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});

Deno.test({
  name:
    "Focus - the composer on open, the edit box after Edit (Enter sends, Esc cancels), labels name their target",
  ...browserTest,
  async fn() {
    await withApp({}, async (app, page, errors) => {
      const id = await tripPlan(app.base);
      await openReady(page, `${app.base}/c/${id}`);
      await page.waitForFunction(() =>
        document.activeElement?.id === "composer"
      );
      const names = [
        "Conversation actions for “Trip plan”",
        "Copy your message “Plan a day in Porto”",
        "Edit your message “Plan a day in Porto”",
        "Copy the reply “Start at the Ribeira.”",
        "Regenerate the reply “Start at the Ribeira.”",
      ];
      for (const name of names) {
        assertEquals(
          await page.getByRole("button", { name, exact: true }).count(),
          1,
          name,
        );
      }
      await page.getByRole("button", { name: names[2] }).click();
      await page.waitForFunction(() =>
        document.activeElement?.id === "edit-message"
      );
      await page.keyboard.press("Escape");
      await page.locator("#edit-message").waitFor({ state: "detached" });
      await page.waitForFunction(() =>
        document.activeElement?.id === "composer"
      );

      await page.getByRole("button", { name: names[2] }).click();
      await page.waitForFunction(() =>
        document.activeElement?.id === "edit-message"
      );
      await page.keyboard.press("End");
      await page.keyboard.press("Shift+Enter");
      await page.keyboard.type("and the evening");
      await screenshot(page, "focus-edit-box");
      await page.keyboard.press("Enter");
      await page.waitForFunction(() =>
        [...document.querySelectorAll("[data-role=assistant]")].at(-1)
            ?.getAttribute("data-status") === "complete" &&
        !document.querySelector("#edit-message")
      );
      // The edit is a new version beside the original, which is kept.
      const users = (await app.services.store.listMessages(id))
        .filter((m) => m.role === "user");
      assertEquals(users.map((m) => m.content), [
        "Plan a day in Porto",
        "Plan a day in Porto\nand the evening",
      ]);
      assertEquals(users[1].parentId, users[0].parentId);
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});
