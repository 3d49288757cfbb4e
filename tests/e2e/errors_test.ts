import { assert, assertEquals } from "@std/assert";
import { screenshot } from "../_helpers/browser.ts";
import { lowContrastTexts } from "../_helpers/contrast.ts";
import { browserTest, openReady, withApp } from "./_helpers.ts";

/** A port on 127.0.0.1 where nothing listens. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test({
  name:
    "Errors - a model server that is not running: one sentence, details on request, Retry, no toast",
  ...browserTest,
  async fn() {
    const port = closedPort();
    await withApp({
      openaiBaseUrl: `http://127.0.0.1:${port}/v1`,
      openaiModels: ["local-model"],
    }, async (app, page, errors) => {
      const c = await app.services.store.createConversation({
        title: "Local model",
        model: "openai:local-model",
      });
      await openReady(page, `${app.base}/c/${c.id}`);
      await page.locator("#composer").fill("Hello?");
      await page.locator("#composer").press("Enter");
      const note = page.locator("[data-role=assistant] [data-status-note]");
      await note.waitFor();
      const sentence =
        `Could not reach the model server at 127.0.0.1:${port}. Is it running?`;
      assertEquals(await note.locator("p").first().innerText(), sentence);
      assertEquals(
        await page.getByText(sentence, { exact: true }).count(),
        1,
        "shown once",
      );
      const details = note.locator("details");
      assertEquals(await details.getAttribute("open"), null);
      assert((await details.locator("pre").textContent())!.length > 0);
      await page.waitForTimeout(300);
      assertEquals(
        await page.locator("[data-toaster] [data-toast-kind=error]").count(),
        0,
        "no toast repeats it",
      );
      assertEquals(await page.evaluate(lowContrastTexts), []);
      await screenshot(page, "errors-model-server-down");

      // Retry asks again: the server is still down, so it fails the same way.
      // The page shows one failed reply; the first is kept as an earlier
      // version of it (nothing is thrown away), not as a second turn.
      await note.getByRole("button", { name: "Retry" }).click();
      await page.waitForFunction(() =>
        document.querySelectorAll("[data-role=assistant]").length === 1 &&
        document.querySelector("[data-role=assistant]")?.getAttribute(
            "data-status",
          ) === "error"
      );
      const stored = await app.services.store.listMessages(c.id);
      assertEquals(stored.map((m) => [m.role, m.status]), [
        ["user", "complete"],
        ["assistant", "error"],
        ["assistant", "error"],
      ]);
      assertEquals(stored[1].parentId, stored[0].id);
      assertEquals(stored[2].parentId, stored[0].id);
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});
