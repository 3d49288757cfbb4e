import { assertEquals } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";
import { launchBrowser } from "../_helpers/browser.ts";
import { lowContrastTexts } from "../_helpers/contrast.ts";

const browserTest = { sanitizeResources: false, sanitizeOps: false };

Deno.test({
  name: "Contrast - text meets WCAG AA in the light and the dark theme",
  ...browserTest,
  async fn() {
    const app = await startApp({ demoTokenDelayMs: 0 });
    const browser = await launchBrowser();
    try {
      const created = await fetch(`${app.base}/api/conversations`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: "Contrast check" }),
      }).then((r) => r.json());
      const reply = await fetch(
        `${app.base}/api/conversations/${created.id}/messages`,
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ content: "Show me everything" }),
        },
      );
      await reply.text();
      const page = await browser.context.newPage();
      const problems: string[] = [];
      for (const theme of ["light", "dark"]) {
        await browser.context.addCookies([
          { name: "theme", value: theme, url: app.base },
        ]);
        for (const path of ["/", `/c/${created.id}`]) {
          await page.goto(app.base + path);
          await page.locator("[data-sidebar-ready]").waitFor();
          const found = await page.evaluate(lowContrastTexts);
          problems.push(...found.map((f) => `${theme} ${path} ${f}`));
        }
      }
      assertEquals(problems, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
