import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import { Buffer } from "node:buffer";
import type { Locator, Page } from "playwright-core";
import { type AppServer, startApp } from "../_helpers/app_server.ts";
import { launchBrowser, screenshot } from "../_helpers/browser.ts";
import type { Conversation } from "../../lib/store/mod.ts";

const browserTest = { sanitizeResources: false, sanitizeOps: false };

/** Conversations every step starts from. */
interface Seed {
  trip: string;
  pinned: string;
  old: string;
  bulk: number;
}

/**
 * Older conversations first (enough for a second page), then a pinned one
 * and one with messages worth searching and exporting.
 */
async function seed(app: AppServer): Promise<Seed> {
  const store = app.services.store;
  const bulk = 60;
  const daysBack = (days: number) =>
    new Date(Date.now() - days * 86_400_000).toISOString();
  for (let i = 0; i < bulk; i++) {
    const at = daysBack(60 + i);
    await store.importConversation(
      { title: `Archive ${i}`, createdAt: at, updatedAt: at },
      [{ role: "user", content: `archived note ${i}`, createdAt: at }],
    );
  }
  const old = await store.importConversation(
    {
      title: "Old notes",
      createdAt: daysBack(30),
      updatedAt: daysBack(30),
    },
    [{ role: "user", content: "nothing special", createdAt: daysBack(30) }],
  );
  const pinned = await store.createConversation({
    title: "Pinned plan",
    pinned: true,
  });
  const trip = await store.createConversation({ title: "Trip to Lisbon" });
  await store.appendMessage(trip.id, {
    role: "user",
    content: "What should I see in Lisbon?",
  });
  await store.appendMessage(trip.id, {
    role: "assistant",
    content: "Ride tram 28 and walk around Belém.",
  });
  return { trip: trip.id, pinned: pinned.id, old: old.id, bulk };
}

function row(page: Page, id: string): Locator {
  return page.locator(`li[data-conversation-id="${id}"]`);
}

/**
 * The server's copy of a conversation once `check` holds (or after 5 s):
 * the list changes at once, the request that stores it follows.
 */
async function storedSoon(
  app: AppServer,
  id: string,
  check: (conversation: Conversation) => boolean,
): Promise<Conversation> {
  const deadline = Date.now() + 5000;
  while (true) {
    const conversation = await app.services.store.getConversation(id);
    if (check(conversation) || Date.now() > deadline) return conversation;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function openMenu(page: Page, id: string): Promise<Locator> {
  await row(page, id).hover();
  await row(page, id).getByRole("button", { name: "Conversation actions" })
    .click();
  const menu = row(page, id).getByRole("menu");
  await menu.waitFor();
  return menu;
}

async function sectionOf(page: Page, id: string): Promise<string> {
  return await row(page, id).evaluate((li) =>
    li.closest("section")?.querySelector("h2")?.textContent ?? ""
  );
}

Deno.test({
  name: "Sidebar - workspace actions in Chromium",
  ...browserTest,
  async fn(t) {
    const app = await startApp();
    const ids = await seed(app);
    const browser = await launchBrowser();
    const errors: string[] = [];
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => errors.push(String(e)));
    page.on("console", (m) => {
      // The refused import below is an expected 415 answer.
      if (m.type() === "error" && !m.text().includes("status of 415")) {
        errors.push(m.text());
      }
    });
    page.on("dialog", (d) => {
      errors.push(`dialog: ${d.message()}`);
      d.dismiss();
    });
    await page.setViewportSize({ width: 1280, height: 800 });
    const home = async () => {
      await page.goto(app.base + "/");
      await page.locator('input[aria-label="Search conversations"]')
        .waitFor({ state: "attached" });
      // Hydrated: shortcuts and menus work from here on.
      await page.locator("[data-sidebar-ready]").waitFor({ state: "attached" });
    };
    try {
      await t.step("groups: pinned first, then by date", async () => {
        await home();
        const headings = await page.locator("nav section h2")
          .allTextContents();
        assertEquals(headings.slice(0, 2), ["Pinned", "Today"]);
        assert(headings.includes("Older"), headings.join());
        assertEquals(await sectionOf(page, ids.pinned), "Pinned");
        assertEquals(await sectionOf(page, ids.trip), "Today");
        assertEquals(await sectionOf(page, ids.old), "Older");
        await screenshot(page, "sidebar-light");
      });

      await t.step("rename inline: Enter saves, Esc cancels", async () => {
        const menu = await openMenu(page, ids.trip);
        await menu.getByRole("menuitem", { name: "Rename" }).click();
        const input = row(page, ids.trip).getByRole("textbox", {
          name: "Conversation title",
        });
        await input.fill("Lisbon in spring");
        await input.press("Enter");
        await row(page, ids.trip).getByRole("link", {
          name: "Lisbon in spring",
        }).waitFor();
        const saved = await storedSoon(
          app,
          ids.trip,
          (c) => c.title === "Lisbon in spring",
        );
        assertEquals(saved.title, "Lisbon in spring");
        // Esc leaves the title as it was.
        await (await openMenu(page, ids.trip)).getByRole("menuitem", {
          name: "Rename",
        }).click();
        await input.fill("Not this");
        await input.press("Escape");
        await row(page, ids.trip).getByRole("link", {
          name: "Lisbon in spring",
        }).waitFor();
        assertEquals(
          (await app.services.store.getConversation(ids.trip)).title,
          "Lisbon in spring",
        );
      });

      await t.step("pin and unpin move it between sections", async () => {
        await (await openMenu(page, ids.trip)).getByRole("menuitem", {
          name: "Pin",
          exact: true,
        }).click();
        await page.waitForFunction(
          (id) =>
            document.querySelector(`li[data-conversation-id="${id}"]`)
              ?.closest("section")?.querySelector("h2")?.textContent ===
              "Pinned",
          ids.trip,
        );
        assert((await storedSoon(app, ids.trip, (c) => c.pinned)).pinned);
        await page.reload();
        assertEquals(await sectionOf(page, ids.trip), "Pinned");
        await (await openMenu(page, ids.trip)).getByRole("menuitem", {
          name: "Unpin",
        }).click();
        await page.waitForFunction(
          (id) =>
            document.querySelector(`li[data-conversation-id="${id}"]`)
              ?.closest("section")?.querySelector("h2")?.textContent ===
              "Today",
          ids.trip,
        );
        assert(!(await storedSoon(app, ids.trip, (c) => !c.pinned)).pinned);
      });

      await t.step("export downloads contain the messages", async () => {
        for (
          const [label, ext] of [
            ["Export as Markdown", "md"],
            ["Export as CSV", "csv"],
            ["Export as JSON", "json"],
          ]
        ) {
          const menu = await openMenu(page, ids.trip);
          const [download] = await Promise.all([
            page.waitForEvent("download"),
            menu.getByRole("menuitem", { name: label }).click(),
          ]);
          assert(
            download.suggestedFilename().endsWith(`.${ext}`),
            download.suggestedFilename(),
          );
          const text = await Deno.readTextFile((await download.path())!);
          assertStringIncludes(text, "What should I see in Lisbon?");
          assertStringIncludes(text, "Ride tram 28 and walk around Belém.");
        }
      });

      await t.step("delete asks first, then Undo brings it back", async () => {
        await (await openMenu(page, ids.old)).getByRole("menuitem", {
          name: "Delete",
        }).click();
        const dialog = page.getByRole("dialog", { name: "Delete this chat?" });
        await dialog.waitFor();
        // Cancel keeps it.
        await dialog.getByRole("button", { name: "Cancel" }).click();
        await dialog.waitFor({ state: "hidden" });
        assertEquals(await row(page, ids.old).count(), 1);
        await (await openMenu(page, ids.old)).getByRole("menuitem", {
          name: "Delete",
        }).click();
        await dialog.getByRole("button", { name: "Delete" }).click();
        await row(page, ids.old).waitFor({ state: "detached" });
        const toast = page.getByRole("status").filter({
          hasText: "Deleted “Old notes”.",
        });
        await toast.waitFor();
        const listed = await fetch(`${app.base}/api/conversations?q=Old+notes`)
          .then((r) => r.json());
        assertEquals(listed.conversations.length, 0);
        await toast.getByRole("button", { name: "Undo" }).click();
        await row(page, ids.old).waitFor();
        // Back in its own place, not moved up.
        assertEquals(await sectionOf(page, ids.old), "Older");
        assertEquals(
          (await app.services.store.getConversation(ids.old)).title,
          "Old notes",
        );
        await page.getByRole("status").filter({ hasText: "Restored" })
          .waitFor();
      });

      await t.step("Ctrl+K focuses search; results; Esc clears", async () => {
        await page.evaluate(() =>
          (document.activeElement as HTMLElement)?.blur()
        );
        await page.keyboard.press("Control+k");
        const search = page.getByRole("searchbox", {
          name: "Search conversations",
        });
        await page.waitForFunction(() =>
          document.activeElement?.getAttribute("aria-label") ===
            "Search conversations"
        );
        await search.pressSequentially("tram 28");
        await page.waitForFunction(() =>
          document.querySelectorAll("[data-conversation-id]").length === 1
        );
        assertEquals(await row(page, ids.trip).count(), 1);
        await page.getByText("1 conversation found.").waitFor({
          state: "attached",
        });
        // The address follows the search (the last one typed).
        await page.waitForURL((url) => url.searchParams.get("q") === "tram 28");
        await search.press("Escape");
        assertEquals(await search.inputValue(), "");
        await page.waitForURL(`${app.base}/`);
        await page.waitForFunction(() =>
          document.querySelectorAll("[data-conversation-id]").length > 3
        );
        await search.fill("no such words anywhere");
        await page.getByText("No conversations match").first().waitFor();
        await search.press("Escape");
        await row(page, ids.trip).waitFor();
      });

      await t.step("scrolling to the end loads the next page", async () => {
        await home();
        const rows = page.locator("li[data-conversation-id]");
        const first = await rows.count();
        assert(first < ids.bulk + 3, `first page only (${first})`);
        for (let i = 0; i < 10; i++) {
          if (await rows.count() === ids.bulk + 3) break;
          await rows.last().scrollIntoViewIfNeeded();
          await page.waitForTimeout(150);
        }
        const shown = await page.locator("li[data-conversation-id]")
          .evaluateAll((els) =>
            els.map((e) => e.getAttribute("data-conversation-id"))
          );
        assertEquals(new Set(shown).size, shown.length, "no duplicates");
        assertEquals(shown.length, ids.bulk + 3);
        await page.getByRole("button", { name: "Load more" }).waitFor({
          state: "detached",
        });
      });

      await t.step(
        "keyboard: menu opens focused, arrows move, Esc returns",
        async () => {
          await home();
          const button = row(page, ids.trip).getByRole("button", {
            name: "Conversation actions",
          });
          await button.focus();
          await page.keyboard.press("Enter");
          await page.waitForFunction(() =>
            document.activeElement?.textContent?.trim() === "Rename"
          );
          await page.keyboard.press("ArrowDown");
          assertEquals(
            await page.evaluate(() =>
              document.activeElement?.textContent?.trim()
            ),
            "Pin",
          );
          await page.keyboard.press("ArrowUp");
          await page.keyboard.press("ArrowUp");
          assertEquals(
            await page.evaluate(() =>
              document.activeElement?.textContent?.trim()
            ),
            "Delete",
          );
          await page.keyboard.press("Escape");
          await row(page, ids.trip).getByRole("menu").waitFor({
            state: "detached",
          });
          assertEquals(
            await page.evaluate(() =>
              document.activeElement?.getAttribute("aria-label")
            ),
            "Conversation actions for “Lisbon in spring”",
          );
          // Tab leaves an open menu for whatever follows its button.
          await page.keyboard.press("Enter");
          await page.waitForFunction(() =>
            document.activeElement?.getAttribute("role") === "menuitem"
          );
          await page.keyboard.press("Tab");
          await row(page, ids.trip).getByRole("menu").waitFor({
            state: "detached",
          });
          assert(
            await page.evaluate(() =>
              document.activeElement !== document.body &&
              document.activeElement?.closest("nav") !== null
            ),
            "focus stays in the sidebar",
          );
        },
      );

      await t.step("import by file picker and by drag and drop", async () => {
        await page.locator('input[type="file"]:not([data-attach-input])')
          .setInputFiles({
            name: "packing list.csv",
            mimeType: "text/csv",
            buffer: Buffer.from(
              "role,content\r\nuser,What do I pack?\r\nassistant,Sunscreen.\r\n",
            ),
          });
        await page.getByRole("status").filter({
          hasText: "Imported 1 conversation from packing list.csv.",
        }).waitFor();
        await page.locator("nav").getByRole("link", { name: "packing list" })
          .waitFor();
        // A file dropped on the sidebar is imported (on the chat it would
        // be attached): one that is no conversation says why.
        await page.evaluate(() => {
          const data = new DataTransfer();
          data.items.add(
            new File(["hello"], "notes.txt", { type: "text/plain" }),
          );
          const init = { dataTransfer: data, bubbles: true, cancelable: true };
          const target = document.querySelector("nav")!;
          target.dispatchEvent(new DragEvent("dragenter", init));
          target.dispatchEvent(new DragEvent("dragover", init));
          target.dispatchEvent(new DragEvent("drop", init));
        });
        const alert = page.getByRole("alert").filter({
          hasText: "Could not import notes.txt",
        });
        await alert.waitFor();
        await alert.getByRole("button", { name: "Dismiss notification" })
          .click();
        await alert.waitFor({ state: "detached" });
        // A dropped JSON export of our own comes in.
        const json = await fetch(
          `${app.base}/api/conversations/${ids.trip}/export?format=json`,
        ).then((r) => r.text());
        await page.evaluate((text) => {
          const data = new DataTransfer();
          data.items.add(
            new File([text], "trip.json", { type: "application/json" }),
          );
          const init = { dataTransfer: data, bubbles: true, cancelable: true };
          document.body.dispatchEvent(new DragEvent("dragenter", init));
          document.body.dispatchEvent(new DragEvent("drop", init));
        }, json);
        await page.getByRole("status").filter({
          hasText: "Imported 1 conversation from trip.json.",
        }).waitFor();
        await page.waitForFunction(() =>
          [...document.querySelectorAll("nav li[data-conversation-id] a")]
            .filter((a) => a.textContent === "Lisbon in spring").length === 2
        );
      });

      await t.step(
        "toasts leave by themselves, not while hovered",
        async () => {
          const timed = await browser.context.newPage();
          await timed.clock.install();
          await timed.goto(app.base + "/");
          await timed.locator("[data-sidebar-ready]").waitFor();
          const refuse = async () => {
            await timed.locator('input[type="file"]:not([data-attach-input])')
              .setInputFiles({
                name: "notes.txt",
                mimeType: "text/plain",
                buffer: Buffer.from("not a conversation"),
              });
            const alert = timed.getByRole("alert").filter({
              hasText: "Could not import notes.txt",
            });
            await alert.waitFor();
            return alert;
          };
          const first = await refuse();
          await timed.clock.runFor(9_000);
          await first.waitFor({ state: "detached" });
          const second = await refuse();
          await second.hover();
          await timed.clock.runFor(20_000);
          assert(await second.isVisible(), "a hovered toast stays");
          await timed.mouse.move(5, 5);
          await timed.clock.runFor(9_000);
          await second.waitFor({ state: "detached" });
          await timed.close();
        },
      );

      await t.step("another tab sees changes live", async () => {
        const other = await browser.context.newPage();
        await other.goto(app.base + "/");
        await other.locator("[data-sidebar-ready]").waitFor();
        await (await openMenu(page, ids.pinned)).getByRole("menuitem", {
          name: "Rename",
        }).click();
        const input = row(page, ids.pinned).getByRole("textbox");
        await input.fill("Plan for May");
        await input.press("Enter");
        await row(other, ids.pinned).getByRole("link", { name: "Plan for May" })
          .waitFor();
        await other.close();
      });

      await t.step(
        "a new chat shows up live, here and in another tab",
        async () => {
          await home();
          const other = await browser.context.newPage();
          await other.goto(app.base + "/");
          await other.locator("[data-sidebar-ready]").waitFor();
          const before = await page.locator("li[data-conversation-id]").count();
          await page.locator("#composer").fill("Plan a picnic by the river");
          await page.locator("#composer").press("Enter");
          await page.waitForURL(/\/c\//);
          const id = new URL(page.url()).pathname.split("/").pop()!;
          await row(page, id).locator('a[aria-current="page"]').waitFor();
          assertEquals(await sectionOf(page, id), "Today");
          await row(other, id).waitFor();
          assertEquals(
            await page.locator("li[data-conversation-id]").count(),
            before + 1,
          );
          // Once the reply names the chat, both tabs show that title.
          await page.waitForFunction(
            async (id) => {
              const r = await fetch(`/api/conversations/${id}`);
              const { conversation } = await r.json();
              const shown = document.querySelector(
                `li[data-conversation-id="${id}"] a`,
              )?.textContent;
              return conversation.title !== "New chat" &&
                shown === conversation.title;
            },
            id,
            { polling: 200 },
          );
          const title = await row(page, id).locator("a").textContent();
          await other.waitForFunction(
            ([id, title]) =>
              document.querySelector(`li[data-conversation-id="${id}"] a`)
                ?.textContent === title,
            [id, title],
          );
          await other.close();
          await app.services.store.deleteConversation(id);
        },
      );

      await t.step(
        "deleting the open chat goes to / with an Undo",
        async () => {
          await page.goto(`${app.base}/c/${ids.old}`);
          await row(page, ids.old).locator('a[aria-current="page"]').waitFor();
          await page.locator("[data-sidebar-ready]").waitFor();
          await (await openMenu(page, ids.old)).getByRole("menuitem", {
            name: "Delete",
          }).click();
          await page.getByRole("dialog").getByRole("button", { name: "Delete" })
            .click();
          await page.waitForURL(`${app.base}/`);
          const toast = page.getByRole("status").filter({
            hasText: "Deleted “Old notes”.",
          });
          await toast.getByRole("button", { name: "Undo" }).click();
          await row(page, ids.old).waitFor();
        },
      );

      await t.step("shortcut help and Ctrl+Shift+O", async () => {
        await page.goto(`${app.base}/c/${ids.trip}`);
        await page.locator("[data-sidebar-ready]").waitFor();
        await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
        const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
        await help.waitFor();
        for (
          const text of [
            "Send the message",
            "New line in the message",
            "Stop the reply",
            "Search conversations",
            "New chat",
          ]
        ) {
          await help.getByText(text, { exact: true }).waitFor();
        }
        await page.keyboard.press("Escape");
        await help.waitFor({ state: "hidden" });
        await page.keyboard.press("Control+Shift+O");
        await page.waitForURL(`${app.base}/`);
      });

      await t.step("dark theme", async () => {
        await browser.context.addCookies([{
          name: "theme",
          value: "dark",
          url: app.base,
        }]);
        await home();
        assertEquals(
          await page.locator("html").getAttribute("data-theme"),
          "dark",
        );
        await (await openMenu(page, ids.trip)).waitFor();
        await screenshot(page, "sidebar-dark");
        await page.keyboard.press("Escape");
      });

      await t.step("390×844 uses the drawer; Ctrl+K opens it", async () => {
        await page.setViewportSize({ width: 390, height: 844 });
        await home();
        const search = page.locator('input[aria-label="Search conversations"]');
        assert(!(await search.isVisible()), "the sidebar starts hidden");
        await page.keyboard.press("Control+k");
        await page.waitForFunction(() =>
          document.activeElement?.getAttribute("aria-label") ===
            "Search conversations"
        );
        assert(await search.isVisible());
        await row(page, ids.trip).getByRole("button", {
          name: "Conversation actions",
        }).click();
        await row(page, ids.trip).getByRole("menu").waitFor();
        await screenshot(page, "sidebar-mobile");
        await page.keyboard.press("Escape");
        await page.locator("label.drawer-overlay").click({
          position: { x: 370, y: 400 },
        });
        await search.waitFor({ state: "hidden" });
        await page.getByRole("button", { name: "Open conversations" }).or(
          page.locator("label[aria-label='Open conversations']"),
        ).click();
        await search.waitFor({ state: "visible" });
      });

      assertEquals(errors, []);
    } finally {
      await browser.close();
      await app.close();
    }
  },
});
