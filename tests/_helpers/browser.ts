/**
 * Starts Debian's Chromium through playwright-core for browser tests, with
 * the flags this environment needs and a fresh profile each time.
 *
 * @module
 */
import { type BrowserContext, chromium, type Page } from "playwright-core";

/** Where screenshots for people to look at are saved (git-ignored). */
export const SCREENSHOT_DIR = new URL(
  "../.output/screenshots/",
  import.meta.url,
);

/** Executable used for the tests; CHROMIUM_PATH overrides. */
export const CHROMIUM_PATH = Deno.env.get("CHROMIUM_PATH") ??
  "/usr/bin/chromium";

/** A browser profile (context) and a function that stops it and removes it. */
export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Launch headless Chromium with an empty profile. */
export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await Deno.makeTempDir({ prefix: "chromium_profile_" });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      await Deno.remove(profile, { recursive: true }).catch(() => {});
    },
  };
}

/** Save a screenshot of the page under tests/.output/screenshots. */
export async function screenshot(
  page: Pick<Page, "screenshot" | "evaluate">,
  name: string,
): Promise<void> {
  await Deno.mkdir(SCREENSHOT_DIR, { recursive: true });
  // Let colour transitions (a theme switch) finish: a picture of a
  // half-faded screen misleads whoever looks at it.
  await page.evaluate(() =>
    Promise.race([
      Promise.allSettled(document.getAnimations().map((a) => a.finished)),
      new Promise((resolve) => setTimeout(resolve, 1000)),
    ])
  );
  await page.screenshot({
    path: new URL(`${name}.png`, SCREENSHOT_DIR).pathname,
  });
}
