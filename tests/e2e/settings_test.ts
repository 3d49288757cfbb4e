import { assert, assertEquals } from "@std/assert";
import { screenshot } from "../_helpers/browser.ts";
import { browserTest, openReady, withApp } from "./_helpers.ts";

Deno.test({
  name:
    "Settings - a new chat starts with the last model used; settings before the first message; a system prompt shows",
  ...browserTest,
  async fn() {
    await withApp({
      openaiBaseUrl: "http://127.0.0.1:9/v1",
      openaiModels: ["local-model"],
    }, async (app, page, errors) => {
      const store = app.services.store;
      await store.createConversation({ title: "Older", model: "demo" });
      await store.createConversation({
        title: "Latest",
        model: "openai:local-model",
      });
      await openReady(page, `${app.base}/`);
      assertEquals(
        await page.locator("#model-picker").inputValue(),
        "openai:local-model",
        "the model last used",
      );

      // Settings before the first message.
      await page.getByRole("button", { name: "Settings", exact: true }).click();
      await page.getByLabel("System prompt").fill("Answer in French.");
      await page.getByLabel(/Temperature/).fill("0.3");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
      const id = new URL(page.url()).pathname.slice(3);
      const stored = await store.getConversation(id);
      assertEquals(
        [stored.systemPrompt, stored.temperature, stored.model],
        ["Answer in French.", 0.3, "openai:local-model"],
      );
      await page.locator("[data-system-prompt]").waitFor();
      await screenshot(page, "settings-before-first-message");

      // Opened later, the conversation still says it has one.
      await openReady(page, `${app.base}/c/${id}`);
      assert(await page.locator("[data-system-prompt]").isVisible());
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});

Deno.test({
  name:
    "Settings - a preset starts a new chat (Settings shows its values before the first message); settings save as a preset",
  ...browserTest,
  async fn() {
    await withApp({}, async (app, page, errors) => {
      const store = app.services.store;
      await store.presets.savePreset({
        id: "01970000-0000-7000-8000-000000000001",
        name: "French tutor",
        model: "demo",
        systemPrompt: "Answer in French.",
        temperature: 0.5,
      });
      await openReady(page, `${app.base}/`);
      await page.locator("#preset-picker").selectOption({
        label: "French tutor",
      });
      await screenshot(page, "settings-preset-picker");
      await page.getByRole("button", { name: "Settings", exact: true }).click();
      assertEquals(
        [
          await page.getByLabel("System prompt").inputValue(),
          await page.getByLabel(/Temperature/).inputValue(),
        ],
        ["Answer in French.", "0.5"],
      );
      await page.getByRole("button", { name: "Cancel" }).click();
      await page.locator("#composer").fill("Bonjour");
      await page.locator("#composer").press("Enter");
      await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
      const id = new URL(page.url()).pathname.slice(3);
      await page.locator("[data-system-prompt]").waitFor();
      const c = await store.getConversation(id);
      assertEquals(
        [c.systemPrompt, c.temperature, c.model],
        ["Answer in French.", 0.5, "demo"],
      );

      await page.getByRole("button", { name: "Settings", exact: true }).click();
      await page.getByPlaceholder("Preset name").fill("Copy of tutor");
      await page.getByRole("button", { name: "Save preset" }).click();
      await page.getByText("Saved the preset “Copy of tutor”.").waitFor();
      const saved = (await store.presets.listPresets()).find((p) =>
        p.name === "Copy of tutor"
      );
      assertEquals(
        [saved?.model, saved?.systemPrompt, saved?.temperature],
        ["demo", "Answer in French.", 0.5],
      );
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});

Deno.test({
  name:
    "Settings - presets can be renamed and deleted; the picker follows at once",
  ...browserTest,
  async fn() {
    await withApp({}, async (app, page, errors) => {
      const store = app.services.store;
      for (const [id, name] of [["1", "French tutor"], ["2", "Terse"]]) {
        await store.presets.savePreset({
          id: `01970000-0000-7000-8000-00000000000${id}`,
          name,
          model: "demo",
          systemPrompt: "",
          temperature: null,
        });
      }
      await openReady(page, `${app.base}/`);
      const picker = page.locator("#preset-picker");
      await page.getByRole("button", { name: "Settings", exact: true }).click();
      await page.getByText("Saved presets (2)").click();
      await page.getByRole("button", {
        name: "Rename the preset “French tutor”",
      })
        .click();
      const field = page.getByLabel("New name for the preset “French tutor”");
      // Esc cancels the rename and leaves the dialog open.
      await field.press("Escape");
      await page.getByRole("button", {
        name: "Rename the preset “French tutor”",
      })
        .click();
      await field.fill("Spanish tutor");
      // Enter saves the name; it does not submit the settings.
      await field.press("Enter");
      await page.getByText("Renamed the preset to “Spanish tutor”.").waitFor();
      assert(await page.locator("dialog[open]").isVisible());
      assertEquals(
        (await store.presets.listPresets()).map((p) => p.name),
        ["Spanish tutor", "Terse"],
      );
      await page.getByRole("button", { name: "Delete the preset “Terse”" })
        .click();
      await page.getByText("Delete “Terse”?").waitFor();
      await screenshot(page, "settings-presets-manage");
      await page.getByRole("button", { name: "Delete", exact: true }).click();
      await page.getByText("Deleted the preset “Terse”.").waitFor();
      assertEquals(
        (await store.presets.listPresets()).map((p) => p.name),
        ["Spanish tutor"],
      );
      await page.getByRole("button", { name: "Cancel", exact: true }).click();
      assertEquals(
        await picker.locator("option").allTextContents(),
        ["No preset", "Spanish tutor"],
      );
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});
