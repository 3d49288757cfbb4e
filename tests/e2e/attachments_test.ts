import { assert, assertEquals } from "@std/assert";
import { Buffer } from "node:buffer";
import type { Page } from "playwright-core";
import { screenshot } from "../_helpers/browser.ts";
import { lowContrastTexts } from "../_helpers/contrast.ts";
import { pngBytes } from "../_helpers/images.ts";
import {
  browserTest,
  importConversation,
  openReady,
  withApp,
} from "./_helpers.ts";

/** Drop a text file on `selector` as a person dragging it from their files would. */
function dropText(
  page: Page,
  selector: string,
  file: { name: string; text: string; leaveHintOn?: boolean },
): Promise<void> {
  return page.evaluate(({ selector, name, text, leaveHintOn }) => {
    const data = new DataTransfer();
    data.items.add(new File([text], name, { type: "text/plain" }));
    const init = { dataTransfer: data, bubbles: true, cancelable: true };
    const target = document.querySelector(selector)!;
    target.dispatchEvent(new DragEvent("dragenter", init));
    target.dispatchEvent(new DragEvent("dragover", init));
    if (!leaveHintOn) target.dispatchEvent(new DragEvent("drop", init));
  }, { selector, ...file });
}

Deno.test({
  name:
    "Attachments - drop and pick files, remove one, send: the model names them; they stay after reload",
  ...browserTest,
  async fn() {
    // A second model that does not read images (never called here).
    const config = {
      openaiBaseUrl: "http://127.0.0.1:9/v1",
      openaiModels: ["local-model"],
    };
    await withApp(config, async (app, page, errors, browser) => {
      const png = await pngBytes(40, 30);
      await page.setViewportSize({ width: 1024, height: 800 });
      await openReady(page, `${app.base}/`);

      // Dragged over the composer: the hint says what a drop does.
      await dropText(page, "#composer", {
        name: "notes.txt",
        text: "remember the milk",
        leaveHintOn: true,
      });
      const hint = page.locator("[data-drop-hint]");
      await hint.waitFor();
      assert((await hint.textContent())!.includes("attach"));
      await screenshot(page, "attachments-drop-hint");
      await dropText(page, "#composer", {
        name: "notes.txt",
        text: "remember the milk",
      });
      await hint.waitFor({ state: "detached" });
      const chips = page.locator("[data-pending-attachments] li");
      await chips.filter({ hasText: "notes.txt" }).waitFor();

      // The paperclip opens the file picker.
      const [chooser] = await Promise.all([
        page.waitForEvent("filechooser"),
        page.getByRole("button", { name: "Attach files" }).click(),
      ]);
      await chooser.setFiles([
        {
          name: "pixel.png",
          mimeType: "image/png",
          buffer: Buffer.from(png),
        },
        { name: "extra.txt", mimeType: "text/plain", buffer: Buffer.from("x") },
      ]);
      assertEquals(await chips.count(), 3);
      // A pasted image is attached; pasted text (a spreadsheet also puts a
      // picture of it on the clipboard) stays text.
      for (const withText of [false, true]) {
        await page.locator("#composer").evaluate((el, [bytes, withText]) => {
          const data = new DataTransfer();
          const png = new Uint8Array(bytes as number[]);
          data.items.add(new File([png], "image.png", { type: "image/png" }));
          if (withText) data.setData("text/plain", "A1 B1");
          el.dispatchEvent(
            new ClipboardEvent("paste", {
              clipboardData: data,
              bubbles: true,
              cancelable: true,
            }),
          );
        }, [[...png], withText]);
      }
      assertEquals(await chips.count(), 4);
      for (const name of ["extra.txt", "image.png"]) {
        await page.getByRole("button", { name: `Remove ${name}` }).click();
      }
      assertEquals(await chips.count(), 2);
      // The focus goes back to the message box, not to the page.
      assertEquals(
        await page.evaluate(() => document.activeElement?.id),
        "composer",
      );

      // Too big: left out, with the reason in readable contrast.
      await dropText(page, "#composer", {
        name: "huge.txt",
        text: "x".repeat(600 * 1024),
      });
      const notice = page.locator("[data-attach-notice]");
      assertEquals(
        await notice.textContent(),
        "huge.txt is 600 KB; text files can be at most 512 KB.",
      );
      assertEquals(await chips.count(), 2);
      assertEquals(await page.evaluate(lowContrastTexts), []);
      await screenshot(page, "attachments-composer");

      await page.locator("#composer").fill("What did I send?");
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/c\//);
      const reply = page.locator('article[data-role="assistant"]');
      await reply.locator("[data-details]").waitFor();
      const said = (await reply.textContent())!;
      for (const part of ["notes.txt", "pixel.png", "40×30"]) {
        assert(said.includes(part), `the reply names ${part}: ${said}`);
      }
      assertEquals(await chips.count(), 0);
      assertEquals(await notice.count(), 0);

      // The message shows its files, after a reload too.
      const id = new URL(page.url()).pathname.split("/").at(-1)!;
      for (const load of ["sent", "reloaded"]) {
        if (load === "reloaded") await openReady(page, page.url());
        const mine = page.locator('article[data-role="user"]');
        const link = mine.getByRole("link", { name: /notes\.txt/ });
        const image = mine.getByRole("img", { name: "pixel.png" });
        await image.waitFor();
        assertEquals(
          await image.evaluate((img: HTMLImageElement) => [
            img.getAttribute("loading"),
            img.width,
            img.height,
            img.complete && img.naturalWidth,
          ]),
          ["lazy", 40, 30, 40],
          load,
        );
        const href = await link.getAttribute("href");
        assert(href?.startsWith(`/api/conversations/${id}/attachments/`));
        const served = await fetch(app.base + href);
        assertEquals(await served.text(), "remember the milk");
        assertEquals(await mine.locator("[data-attachment]").count(), 2);
      }
      const stored = await fetch(`${app.base}/api/conversations/${id}`)
        .then((r) => r.json());
      assertEquals(
        stored.messages[0].attachments.map((a: { name: string }) => a.name),
        ["notes.txt", "pixel.png"],
      );
      // The page itself carries them (the browser loads their code later).
      const html = await fetch(`${app.base}/c/${id}`).then((r) => r.text());
      const [, image] = stored.messages[0].attachments;
      assert(
        html.includes(`src="/api/conversations/${id}/attachments/${image.id}"`),
        "the thumbnail is in the page",
      );
      await page.locator('article[data-role="user"]').scrollIntoViewIfNeeded();
      await screenshot(page, "attachments-sent");

      // Editing the message keeps its files, each removable.
      await page.getByRole("button", { name: /^Edit your message/ }).click();
      const editing = page.locator("form").filter({
        has: page.locator("#edit-message"),
      });
      await editing.getByRole("button", { name: "Remove notes.txt" }).waitFor();
      await editing.getByRole("button", { name: "Remove pixel.png" }).waitFor();
      await editing.getByRole("button", { name: "Cancel" }).click();

      // A file the server refuses (it reads the bytes): the chip says why.
      await page.locator("[data-attach-input]").setInputFiles({
        name: "data.bin",
        mimeType: "application/octet-stream",
        buffer: Buffer.from([0, 1, 2, 255]),
      });
      const refused = chips.filter({ hasText: "data.bin" });
      await refused.locator("[data-attach-error]").waitFor();
      assert((await refused.textContent())!.includes("data.bin is"));
      // With a model that does not read images, the composer says so.
      await page.locator("#model-picker").selectOption("openai:local-model");
      await page.locator("[data-attach-input]").setInputFiles({
        name: "pixel.png",
        mimeType: "image/png",
        buffer: Buffer.from(png),
      });
      assertEquals(
        await page.locator("[data-images-note]").textContent(),
        "local-model does not see images: it is only told their names.",
      );
      // Readable in both themes, files and refusals included.
      for (const theme of ["light", "dark"]) {
        await browser.context.addCookies([
          { name: "theme", value: theme, url: app.base },
        ]);
        if (theme === "dark") await openReady(page, page.url());
        // Colours settle first (the Send button fades in when enabled).
        await page.evaluate(() =>
          Promise.allSettled(document.getAnimations().map((a) => a.finished))
        );
        assertEquals(await page.evaluate(lowContrastTexts), [], theme);
      }

      // Narrow screens: the files wrap, the page never scrolls sideways.
      await page.setViewportSize({ width: 320, height: 700 });
      await dropText(page, "#composer", {
        name: `${"a-very-long-file-name-".repeat(6)}.txt`,
        text: "long",
      });
      await chips.first().waitFor();
      assertEquals(
        await page.evaluate(() =>
          document.documentElement.scrollWidth -
          document.documentElement.clientWidth
        ),
        0,
      );
      await screenshot(page, "attachments-320px");
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name:
    "Attachments - files waiting in the composer come back after a reload (those the server lost are dropped, even with a thumbnail in the browser's cache), in that tab only; removing one deletes it; sent, the model names it",
  ...browserTest,
  async fn() {
    await withApp({ demoTokenDelayMs: 0 }, async (app, page, errors) => {
      const id = await importConversation(app, { title: "Files" }, [
        { role: "user", content: "Hello" },
        { role: "assistant", content: "Hi." },
      ]);
      await openReady(page, `${app.base}/c/${id}`);
      // The stored records, read back from the uploads' answers.
      const uploads: Promise<{ id: string; name: string }[]>[] = [];
      page.on("response", (r) => {
        if (
          r.request().method() === "POST" && r.url().endsWith("/attachments")
        ) uploads.push(r.json().then((body) => body.attachments));
      });
      const png = Buffer.from(await pngBytes(40, 30));
      await page.locator("[data-attach-input]").setInputFiles([
        ...["notes.txt", "extra.txt"].map((name) => ({
          name,
          mimeType: "text/plain",
          buffer: Buffer.from(`the text of ${name}`),
        })),
        { name: "lost.png", mimeType: "image/png", buffer: png },
      ]);
      const chips = page.locator("[data-pending-attachments] li");
      await page.locator("[data-pending-attachments] li[data-status=ready]")
        .nth(2).waitFor();
      const lost = (await Promise.all(uploads)).flat()
        .find((a) => a.name === "lost.png")!.id;
      const file = (fileId: string) =>
        `${app.base}/api/conversations/${id}/attachments/${fileId}`;
      await page.locator("#composer").fill("What is in my file?");
      // After a reload the image's thumbnail comes from the server (and
      // the browser keeps it a day).
      await openReady(page, page.url());
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>(
          "[data-pending-attachments] li img",
        );
        return !!img?.src.startsWith("http") && img.complete &&
          img.naturalWidth > 0;
      });
      // The server lost it meanwhile (another tab took it off, say): the
      // check is not answered from the browser's copy.
      const gone = await fetch(file(lost), {
        method: "DELETE",
        headers: { origin: app.base },
      });
      assertEquals(gone.status, 204);
      // Another tab on the conversation neither shows nor wipes them.
      const other = await page.context().newPage();
      await openReady(other, page.url());
      await other.locator("[data-attach-input]").setInputFiles({
        name: "other.txt",
        mimeType: "text/plain",
        buffer: Buffer.from("the other tab's"),
      });
      const its = other.locator("[data-pending-attachments] li");
      await its.filter({ hasText: "other.txt" }).and(
        other.locator("[data-status=ready]"),
      ).waitFor();
      assertEquals(await its.count(), 1);
      await other.close();

      await openReady(page, page.url());
      await chips.filter({ hasText: "extra.txt" }).waitFor();
      assertEquals(
        await chips.evaluateAll((li) =>
          li.map((
            c,
          ) => [c.textContent?.match(/^\w+\.txt/)?.[0], c.dataset.status])
        ),
        [["notes.txt", "ready"], ["extra.txt", "ready"]],
      );
      assertEquals(
        await page.locator("#composer").inputValue(),
        "What is in my file?",
      );

      // Taken off after the reload: deleted on the server too.
      const [deleted] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === "DELETE"),
        page.getByRole("button", { name: "Remove extra.txt" }).click(),
      ]);
      assertEquals(deleted.status(), 204);
      assertEquals(
        (await fetch(file(new URL(deleted.url()).pathname.split("/").at(-1)!)))
          .status,
        404,
      );

      await page.keyboard.press("Enter");
      const reply = page.locator('article[data-role="assistant"]').nth(1);
      await reply.locator("[data-details]").waitFor();
      const said = (await reply.textContent())!;
      assert(said.includes("notes.txt"), said);
      assert(!said.includes("extra.txt"), said);
      assertEquals(await chips.count(), 0);
      // Sent: nothing comes back on the next load.
      await openReady(page, page.url());
      await page.waitForLoadState("networkidle");
      assertEquals(await chips.count(), 0);
      assert(errors.length === 0, errors.join("\n"));
    });
  },
});
