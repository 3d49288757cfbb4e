/**
 * Shared steps of the browser tests: start the app and Chromium together,
 * put a finished conversation in place, open a page once its islands run.
 *
 * @module
 */
import { assertEquals } from "@std/assert";
import type { Page } from "playwright-core";
import { type AppServer, startApp } from "../_helpers/app_server.ts";
import { launchBrowser, type TestBrowser } from "../_helpers/browser.ts";
import type { Config } from "../../lib/config.ts";

/** Options every browser test passes to `Deno.test`. */
export const browserTest = { sanitizeResources: false, sanitizeOps: false };

/** Put a finished conversation in place through the import API. */
export async function importConversation(
  app: AppServer,
  conversation: { title: string; systemPrompt?: string },
  messages: { role: string; content: string }[],
): Promise<string> {
  const response = await fetch(`${app.base}/api/import`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      format: "liveaichat.conversation",
      conversation,
      messages,
    }),
  });
  assertEquals(response.status, 201);
  return (await response.json()).imported[0].id;
}

/** Go to `url` and wait until the islands are hydrated. */
export async function openReady(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator("[data-sidebar-ready]").waitFor({ state: "attached" });
}

/**
 * Run `fn` with a started app, a browser and one page whose script errors
 * and unexpected dialogs are collected in `errors`.
 */
export async function withApp(
  overrides: Partial<Config>,
  fn: (
    app: AppServer,
    page: Page,
    errors: string[],
    browser: TestBrowser,
  ) => Promise<void>,
): Promise<void> {
  const app = await startApp(overrides);
  const browser = await launchBrowser();
  const errors: string[] = [];
  try {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("dialog", (d) => {
      errors.push(`dialog: ${d.message()}`);
      d.dismiss();
    });
    await fn(app, page, errors, browser);
  } finally {
    await browser.close();
    await app.close();
  }
}
