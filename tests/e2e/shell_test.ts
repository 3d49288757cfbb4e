import { assert, assertEquals } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";
import { launchBrowser, screenshot } from "../_helpers/browser.ts";
import { startFixture } from "../_helpers/fresh_fixture.ts";

const browserTest = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "Shell - loads, theme toggle hydrates and the choice survives a reload",
  ...browserTest,
  async fn() {
    const app = await startApp();
    const base = app.base;
    const { context, close } = await launchBrowser();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
      await page.goto(base + "/");
      await page.getByRole("link", { name: "LiveAiChat" }).waitFor();
      const toggle = page.locator("[data-theme-choice]");
      assertEquals(await toggle.getAttribute("data-theme-choice"), "system");
      assertEquals(await page.locator("html").getAttribute("data-theme"), null);
      await toggle.click();
      await page.waitForFunction(() =>
        document.documentElement.dataset.theme === "light"
      );
      await toggle.click();
      await page.waitForFunction(() =>
        document.documentElement.dataset.theme === "dark"
      );
      assertEquals(await toggle.getAttribute("data-theme-choice"), "dark");
      await screenshot(page, "shell-dark");
      await page.reload();
      // The server renders the saved theme: right from the first paint.
      assertEquals(
        await page.locator("html").getAttribute("data-theme"),
        "dark",
      );
      assertEquals(await toggle.getAttribute("data-theme-choice"), "dark");
      const background = await page.evaluate(() =>
        getComputedStyle(document.body).backgroundColor
      );
      await toggle.click();
      await page.waitForFunction(() =>
        document.documentElement.dataset.theme === undefined
      );
      await page.reload();
      assertEquals(await page.locator("html").getAttribute("data-theme"), null);
      await screenshot(page, "shell-light");
      const lightBackground = await page.evaluate(() =>
        getComputedStyle(document.body).backgroundColor
      );
      assert(background !== lightBackground, "dark and light differ");
      await page.setViewportSize({ width: 390, height: 844 });
      const open = page.getByRole("button", { name: "Open conversations" }).or(
        page.locator("label[aria-label='Open conversations']"),
      );
      assert(await open.isVisible(), "the drawer button shows on a phone");
      await open.click();
      await page.getByRole("link", { name: "New chat" }).waitFor({
        state: "visible",
      });
      await screenshot(page, "shell-mobile");
      assertEquals(errors, []);
    } finally {
      await close();
      await app.close();
    }
  },
});

Deno.test({
  name: "Shell - two islands sharing a signal update together",
  ...browserTest,
  async fn() {
    const fixture = await startFixture();
    const { context, close } = await launchBrowser();
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(fixture.base + "/islands");
      const values = page.locator(".counter .value");
      await page.getByRole("button", { name: "+1 a" }).click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll(".counter .value")].every((e) =>
          e.textContent === "2"
        )
      );
      await page.getByRole("button", { name: "+1 b" }).click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll(".counter .value")].every((e) =>
          e.textContent === "3"
        )
      );
      assertEquals(await values.allTextContents(), ["3", "3"]);
      // Slot children stay as the server rendered them.
      assertEquals(
        await page.locator(".slotted").textContent(),
        "server child",
      );
      // Props arrive intact: a Date stays a Date, tricky strings unchanged.
      assertEquals(
        await page.locator(".echo").getAttribute("data-is-date"),
        "true",
      );
      const echoed = JSON.parse((await page.locator(".echo").textContent())!);
      assertEquals(
        echoed.tricky,
        "</script><script>alert(1)</script><!-- -->\u2028\u2029&",
      );
      assertEquals(
        await page.evaluate(() =>
          (window as { inlineRan?: boolean }).inlineRan
        ),
        true,
      );
      assertEquals(errors, []);
    } finally {
      await close();
      await fixture.close();
    }
  },
});
