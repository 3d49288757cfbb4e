import { assert, assertEquals } from "@std/assert";
import type { Page } from "playwright-core";
import {
  browserTest,
  importConversation,
  openReady,
  withApp,
} from "./_helpers.ts";

/**
 * Text found only in a part of the chat that loads on first use: its
 * machinery (sending, streaming), the actions used less (edit, versions,
 * settings…) and the settings dialog.
 */
const PARTS = {
  engine: "Assistant is replying",
  actions: "Settings saved.",
  settings: "How the assistant should behave in this conversation",
};

/**
 * The scripts the page downloads. A body is read after its response event,
 * so `has` first waits for every body already on its way: a part that ran
 * before its text was read back is still counted.
 */
function scriptsOf(page: Page) {
  const texts: string[] = [];
  const reading: Promise<void>[] = [];
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script") return;
    reading.push(
      response.text().then(
        (text) => void texts.push(text),
        () => {/* no body (a redirect) */},
      ),
    );
  });
  return {
    async has(text: string): Promise<boolean> {
      await Promise.all(reading);
      return texts.some((s) => s.includes(text));
    },
    async count(): Promise<number> {
      await Promise.all(reading);
      return texts.length;
    },
  };
}

Deno.test({
  name:
    "Lazy parts - a conversation page loads without the sending, edit/versions and settings code; the first Edit and Settings click (no hover first) still act",
  ...browserTest,
  async fn() {
    await withApp({ demoTokenDelayMs: 0 }, async (app, page, errors) => {
      const id = await importConversation(app, { title: "Porto" }, [
        { role: "user", content: "Plan a day in Porto" },
        { role: "assistant", content: "Start at the Ribeira." },
      ]);
      const scripts = scriptsOf(page);
      await openReady(page, `${app.base}/c/${id}`);
      await page.waitForLoadState("networkidle");
      assert(await scripts.count() > 0);
      assertEquals(await scripts.has(PARTS.engine), false, "machinery at load");
      assertEquals(await scripts.has(PARTS.actions), false, "actions at load");
      assertEquals(
        await scripts.has(PARTS.settings),
        false,
        "settings at load",
      );

      // A click that no pointer-over came before (keyboard, assistive
      // tools): the part loads, then the edit is sent.
      await page.getByRole("button", { name: /^Edit your message/ })
        .dispatchEvent("click");
      await page.waitForFunction(() =>
        document.activeElement?.id === "edit-message"
      );
      await page.keyboard.press("End");
      await page.keyboard.type(" by tram");
      await page.keyboard.press("Enter");
      await page.locator("[data-version]", { hasText: "2 / 2" }).first()
        .waitFor();
      assert(await scripts.has(PARTS.actions), "actions loaded on first use");
      const users = (await app.services.store.listMessages(id))
        .filter((m) => m.role === "user").map((m) => m.content);
      assertEquals(users, [
        "Plan a day in Porto",
        "Plan a day in Porto by tram",
      ]);

      await page.locator("[data-settings]").dispatchEvent("click");
      await page.locator("dialog[open] textarea").waitFor();
      assert(await scripts.has(PARTS.settings), "settings loaded on first use");
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});

Deno.test({
  name:
    "Lazy parts - a page that shows versions has their switch before the chat starts (never removed and redrawn); the first click switches",
  ...browserTest,
  async fn() {
    await withApp({ demoTokenDelayMs: 0 }, async (app, page, errors) => {
      const id = await importConversation(app, { title: "Two answers" }, [
        { role: "user", content: "Say hi" },
        { role: "assistant", content: "Hi." },
      ]);
      const regenerated = await fetch(
        `${app.base}/api/conversations/${id}/regenerate`,
        {
          method: "POST",
          headers: { "content-type": "application/json", origin: app.base },
          body: JSON.stringify({ model: "demo" }),
        },
      );
      assertEquals(regenerated.status, 200);
      await regenerated.text(); // the reply, to its end
      // Every versions switch taken out of the page, from the first byte on.
      await page.addInitScript(() => {
        const w = globalThis as unknown as { removed: number };
        w.removed = 0;
        new MutationObserver((records) => {
          for (const r of records) {
            for (const node of r.removedNodes) {
              if (
                node instanceof Element &&
                (node.matches("[data-versions]") ||
                  node.querySelector("[data-versions]"))
              ) w.removed++;
            }
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await openReady(page, `${app.base}/c/${id}`);
      const version = page.locator("[data-role=assistant] [data-version]");
      assertEquals((await version.textContent())?.trim(), "2 / 2");
      assertEquals(
        await page.evaluate(() =>
          (globalThis as unknown as { removed: number }).removed
        ),
        0,
        "hydration kept the server's switch",
      );
      // (Switching shows another message: that one is drawn anew.)
      await page.getByRole("button", { name: "Previous version" })
        .dispatchEvent("click");
      await page.locator("[data-role=assistant] [data-version]", {
        hasText: "1 / 2",
      }).waitFor();
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});

Deno.test({
  name:
    "Lazy parts - Copy puts the reply on the clipboard inside the click (no hover first), without the chat's machinery",
  ...browserTest,
  async fn() {
    await withApp({ demoTokenDelayMs: 0 }, async (app, page, errors) => {
      const id = await importConversation(app, { title: "Lisbon" }, [
        { role: "user", content: "One sight in Lisbon?" },
        { role: "assistant", content: "The **Belém** tower, by the river." },
      ]);
      await page.context().grantPermissions(
        ["clipboard-read", "clipboard-write"],
        { origin: app.base },
      );
      // The machinery never arrives (as when Safari's click is long over
      // by the time it would): Copy must not wait for it.
      let engineAsked = false;
      await page.route("**/*.js", async (route) => {
        const response = await route.fetch();
        const body = await response.text();
        if (body.includes(PARTS.engine)) {
          engineAsked = true;
          return route.abort();
        }
        await route.fulfill({ response, body });
      });
      await openReady(page, `${app.base}/c/${id}`);
      await page.waitForLoadState("networkidle");
      await page.getByRole("button", { name: /^Copy the reply/ })
        .dispatchEvent("click");
      const toast = page.locator("[role=alert], [role=status]").filter({
        hasText: /Copied|copying|Could not/,
      });
      await toast.first().waitFor();
      const said = await toast.first().textContent() ?? "";
      assert(said.startsWith("Copied to the clipboard."), said);
      assertEquals(
        await page.evaluate(() => navigator.clipboard.readText()),
        "The **Belém** tower, by the river.",
      );
      assertEquals(engineAsked, false, "the machinery was not asked for");
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});

Deno.test({
  name:
    "Lazy parts - picking a preset for a new chat does not load the chat's machinery; the chat starts with it",
  ...browserTest,
  async fn() {
    const config = {
      demoTokenDelayMs: 0,
      openaiBaseUrl: "http://127.0.0.1:9/v1",
      openaiModels: ["local-model"],
    };
    await withApp(config, async (app, page, errors) => {
      await app.services.store.presets.savePreset({
        id: "01970000-0000-7000-8000-000000000002",
        name: "Terse local",
        model: "openai:local-model",
        systemPrompt: "Be terse.",
        temperature: 0.2,
      });
      const scripts = scriptsOf(page);
      await openReady(page, `${app.base}/`);
      // Picked without a pointer over it or focus first (assistive tools).
      await page.locator("#preset-picker").evaluate((select) => {
        const picker = select as HTMLSelectElement;
        picker.value = picker.options[1].value;
        picker.dispatchEvent(new Event("change", { bubbles: true }));
      });
      await page.waitForFunction(() =>
        (document.querySelector("#model-picker") as HTMLSelectElement)
          .value === "openai:local-model"
      );
      await page.waitForLoadState("networkidle");
      assertEquals(await scripts.has(PARTS.engine), false, "machinery loaded");
      // The chat starts with the preset's settings.
      await page.locator("#composer").fill("Hi");
      await page.locator("#composer").press("Enter");
      await page.waitForURL(/\/c\/[0-9a-f-]{36}$/);
      const id = new URL(page.url()).pathname.slice(3);
      const c = await app.services.store.getConversation(id);
      assertEquals(
        [c.systemPrompt, c.temperature, c.model],
        ["Be terse.", 0.2, "openai:local-model"],
      );
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});
