import { assert, assertEquals, assertGreater } from "@std/assert";
import type { Page, Route } from "playwright-core";
import { type AppServer, startApp } from "../_helpers/app_server.ts";
import {
  launchBrowser,
  screenshot,
  type TestBrowser,
} from "../_helpers/browser.ts";
import { startTcpProxy } from "../_helpers/tcp_proxy.ts";
import { withApp as withAppAndPage } from "./_helpers.ts";

const browserTest = { sanitizeResources: false, sanitizeOps: false };

interface Stored {
  conversation: {
    id: string;
    title: string;
    systemPrompt: string;
    temperature: number | null;
  };
  messages: {
    id: string;
    parentId: string | null;
    role: string;
    content: string;
    status: string;
  }[];
}

async function stored(app: AppServer, id: string): Promise<Stored> {
  const response = await fetch(`${app.base}/api/conversations/${id}`);
  assertEquals(response.status, 200);
  return await response.json();
}

function conversationId(page: Page): string {
  const match = new URL(page.url()).pathname.match(/^\/c\/([0-9a-f-]{36})$/);
  assert(match, `the URL names the conversation: ${page.url()}`);
  return match[1];
}

/** Put a finished conversation in place through the import API. */
async function importConversation(
  app: AppServer,
  title: string,
  messages: { role: string; content: string }[],
): Promise<string> {
  const response = await fetch(`${app.base}/api/import`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      format: "liveaichat.conversation",
      conversation: { title },
      messages,
    }),
  });
  assertEquals(response.status, 201);
  return (await response.json()).imported[0].id;
}

/** A short finished exchange to start from. */
function greeting(app: AppServer, title: string): Promise<string> {
  return importConversation(app, title, [
    { role: "user", content: "Hello" },
    { role: "assistant", content: "Hi there." },
  ]);
}

/** Go to `url` and wait until the islands are hydrated. */
async function openReady(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator("[data-sidebar-ready]").waitFor();
}

/** Open conversation `id` in `page` and in a second tab; returns that tab. */
async function openInTwoTabs(
  app: AppServer,
  browser: TestBrowser,
  page: Page,
  errors: string[],
  id: string,
): Promise<Page> {
  const other = await browser.context.newPage();
  other.on("pageerror", (e) => errors.push(String(e)));
  for (const tab of [page, other]) await openReady(tab, `${app.base}/c/${id}`);
  return other;
}

async function sendMessage(page: Page, text: string) {
  await page.locator("#composer").fill(text);
  await page.locator("#composer").press("Enter");
}

/** Wait until the newest assistant message has `status`. */
async function waitForReply(page: Page, status = "complete") {
  await page.waitForFunction(
    (status) =>
      [...document.querySelectorAll("[data-role=assistant]")].at(-1)
        ?.getAttribute("data-status") === status,
    status,
    { timeout: 30_000 },
  );
}

/** The shared `withApp` with this file's argument order and delay option. */
function withApp(
  options: { delayMs: number },
  fn: (
    app: AppServer,
    browser: TestBrowser,
    page: Page,
    errors: string[],
  ) => Promise<void>,
): Promise<void> {
  return withAppAndPage(
    { demoTokenDelayMs: options.delayMs },
    (app, page, errors, browser) => fn(app, browser, page, errors),
  );
}

Deno.test({
  name:
    "Chat - a reply arrives in pieces, is stored, and survives a server restart",
  ...browserTest,
  async fn() {
    const dataDir = await Deno.makeTempDir({ prefix: "liveaichat_e2e_" });
    let app = await startApp({ demoTokenDelayMs: 8, dataDir });
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(app.base + "/");
      await sendMessage(page, "How do I stream a reply over HTTP?");
      const streamingText = page.locator(
        "[data-role=assistant][data-status=streaming]",
      );
      await streamingText.waitFor();
      const lengths: number[] = [];
      for (let i = 0; i < 6; i++) {
        lengths.push(
          (await streamingText.textContent().catch(() => "") ?? "").length,
        );
        await page.waitForTimeout(60);
      }
      assert(
        new Set(lengths.filter((n) => n > 0)).size >= 2,
        `text grew while streaming: ${lengths}`,
      );
      await waitForReply(page);
      const id = conversationId(page);
      const data = await stored(app, id);
      assertEquals(data.messages.map((m) => m.role), ["user", "assistant"]);
      assertEquals(data.messages[1].status, "complete");
      const shown = await page.locator("[data-role=assistant] .markdown-body")
        .innerText();
      assertGreater(shown.length, 50);
      await page.locator(`nav a[href="/c/${id}"]`).first().waitFor();
      await screenshot(page, "chat-light");

      await app.close();
      app = await startApp({ demoTokenDelayMs: 8, dataDir });
      await page.goto(`${app.base}/c/${id}`);
      await page.locator("[data-role=assistant][data-status=complete]")
        .waitFor();
      assertEquals(
        await page.locator("[data-role=user] [data-content]").innerText(),
        "How do I stream a reply over HTTP?",
      );
      assertEquals(await page.locator("[data-role=assistant]").count(), 1);
      await page.locator("pre code.hljs").first().waitFor({ timeout: 10_000 });
    } finally {
      await browser.close();
      await app.close();
      await Deno.remove(dataDir, { recursive: true });
    }
  },
});

Deno.test({
  name: "Chat - reload mid-reply shows the complete reply exactly once",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 15 }, async (app, _browser, page, errors) => {
      await page.goto(app.base + "/");
      await sendMessage(page, "Tell me about CSV files");
      await page.locator("[data-role=assistant][data-status=streaming]")
        .waitFor();
      await page.waitForFunction(() =>
        (document.querySelector("[data-status=streaming]")?.textContent
          ?.length ?? 0) > 40
      );
      const id = conversationId(page);
      await page.reload();
      await waitForReply(page);
      const data = await stored(app, id);
      const assistant = data.messages.filter((m) => m.role === "assistant");
      assertEquals(assistant.length, 1);
      assertEquals(await page.locator("[data-role=assistant]").count(), 1);
      const shown = await page.locator("[data-role=assistant] [data-content]")
        .innerText();
      // A fresh load renders the stored reply on the server: the reattached
      // page must show exactly that, with no delta missing or repeated.
      const fresh = await page.context().newPage();
      await fresh.goto(`${app.base}/c/${id}`);
      const expected = await fresh.locator(
        "[data-role=assistant] [data-content]",
      ).innerText();
      await fresh.close();
      assertEquals(shown, expected);
      assertGreater(assistant[0].content.length, 100);
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name:
    "Chat - stop keeps the text; regenerate and edit add versions (‹ 1 / 2 ›) that switch back and survive a reload",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 20 }, async (app, _browser, page, errors) => {
      await page.goto(app.base + "/");
      await sendMessage(page, "Write a long answer please");
      // Stop as soon as some text shows: the reply has seconds to go.
      await page.waitForFunction(() =>
        (document.querySelector("[data-status=streaming] [data-content]")
          ?.textContent?.length ?? 0) > 20
      );
      await page.getByRole("button", { name: "Stop" }).click();
      await waitForReply(page, "stopped");
      const id = conversationId(page);
      let data = await stored(app, id);
      assertEquals(data.messages[1].status, "stopped");
      assertGreater(data.messages[1].content.length, 0);
      const stoppedText = data.messages[1].content;

      await page.locator("[data-role=assistant]").hover();
      await page.getByRole("button", { name: "Regenerate" }).click();
      await waitForReply(page);
      // The stopped reply is kept as version 1; the new one shows as 2 / 2.
      const versions = (role: string) =>
        page.locator(`[data-role=${role}] [data-version]`);
      await versions("assistant").filter({ hasText: "2 / 2" }).waitFor();
      data = await stored(app, id);
      assertEquals(data.messages.map((m) => m.role), [
        "user",
        "assistant",
        "assistant",
      ]);
      assertEquals(data.messages[1].content, stoppedText);
      assertEquals(data.messages[2].status, "complete");
      assertEquals(await page.locator("[data-role=assistant]").count(), 1);

      await page.locator("[data-role=user]").hover();
      await page.getByRole("button", { name: "Edit" }).click();
      await page.locator("#edit-message").fill("A different question");
      await page.getByRole("button", { name: "Save & resend" }).click();
      await page.waitForFunction(() =>
        document.querySelector("[data-role=user] [data-content]")
          ?.textContent ===
          "A different question"
      );
      await waitForReply(page);
      await versions("user").filter({ hasText: "2 / 2" }).waitFor();
      data = await stored(app, id);
      // Nothing was thrown away: both questions and all three replies.
      assertEquals(data.messages.length, 5);
      assertEquals(
        data.messages.filter((m) => m.role === "user").map((m) => m.content),
        ["Write a long answer please", "A different question"],
      );
      assert(data.messages[4].content.includes("A different question"));

      // Back to the first question: its turns show again, at once.
      await page.getByRole("button", { name: "Previous version" }).first()
        .click();
      await page.waitForFunction(() =>
        document.querySelector("[data-role=user] [data-content]")
          ?.textContent === "Write a long answer please"
      );
      await versions("user").filter({ hasText: "1 / 2" }).waitFor();
      await versions("assistant").filter({ hasText: "2 / 2" }).waitFor();
      assertEquals(
        await page.locator("[data-announce]").innerText(),
        "Version 1 of 2",
      );
      // The older reply of that question, by keyboard.
      await page.getByRole("button", { name: "Previous version" }).last()
        .focus();
      await page.keyboard.press("Enter");
      await versions("assistant").filter({ hasText: "1 / 2" }).waitFor();
      assertEquals(
        await page.locator("[data-role=assistant]").getAttribute(
          "data-status",
        ),
        "stopped",
      );

      // The choice is the server's: a reload shows the same branch.
      await openReady(page, `${app.base}/c/${id}`);
      assertEquals(
        await page.locator("[data-role=user] [data-content]").innerText(),
        "Write a long answer please",
      );
      await versions("assistant").filter({ hasText: "1 / 2" }).waitFor();
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name: "Chat - keyboard only: reach the composer, send, and get a reply",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 0 }, async (app, _browser, page, errors) => {
      await page.goto(app.base + "/");
      await page.locator("body").focus();
      await page.evaluate(() =>
        (document.activeElement as HTMLElement | null)?.blur()
      );
      let focused = "";
      for (let i = 0; i < 40 && focused !== "composer"; i++) {
        await page.keyboard.press("Tab");
        focused = await page.evaluate(() => document.activeElement?.id ?? "");
      }
      assertEquals(focused, "composer");
      await page.keyboard.type("Typed with the keyboard");
      await page.keyboard.press("Enter");
      await waitForReply(page);
      assertEquals(
        await page.locator("[data-role=user] [data-content]").innerText(),
        "Typed with the keyboard",
      );
      const status = await page.locator("[data-announce]").innerText();
      assertEquals(status, "Reply finished");
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name: "Chat - hostile markup and javascript: links render as harmless text",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 0 }, async (app, _browser, page, errors) => {
      await page.goto(app.base + "/");
      const hostile =
        "<img src=x onerror=alert(1)> and [click me](javascript:alert(2))";
      await sendMessage(page, hostile);
      await waitForReply(page);
      assertEquals(
        await page.locator("[data-role=user] [data-content]").innerText(),
        hostile,
      );
      assertEquals(
        await page.locator("img[onerror], [data-role] img").count(),
        0,
      );
      assertEquals(await page.locator('a[href^="javascript:"]').count(), 0);
      // The server-rendered copy is just as harmless.
      await page.reload();
      await waitForReply(page);
      assertEquals(
        await page.locator("img[onerror], [data-role] img").count(),
        0,
      );
      assertEquals(await page.locator('a[href^="javascript:"]').count(), 0);
      await page.waitForTimeout(200);
      assertEquals(errors, []);
      await page.emulateMedia({ colorScheme: "dark" });
      await screenshot(page, "chat-dark");
      await page.setViewportSize({ width: 390, height: 844 });
      // Let the drawer finish sliding away before the picture.
      await page.waitForTimeout(500);
      await screenshot(page, "chat-mobile");
    });
  },
});

Deno.test({
  name:
    "Chat - a dropped connection shows a notice, reconnects and loses nothing",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 20 }, async (app, _browser, page) => {
      const proxy = startTcpProxy(Number(new URL(app.base).port));
      try {
        await page.goto(proxy.base + "/");
        await sendMessage(page, "count to 150");
        await page.waitForFunction(() =>
          (document.querySelector("[data-status=streaming]")?.textContent
            ?.length ?? 0) > 30
        );
        const id = conversationId(page);
        proxy.dropAll();
        await page.getByText("Connection lost").waitFor({ timeout: 10_000 });
        await waitForReply(page);
        assertEquals(await page.getByText("Connection lost").count(), 0);
        const shown = await page.locator("[data-role=assistant] [data-content]")
          .innerText();
        const data = await stored(app, id);
        assertEquals(shown.trim(), data.messages[1].content.trim());
        assertEquals(
          data.messages[1].content.trim().split(/\s+/).at(-1),
          "150",
        );
      } finally {
        proxy.close();
      }
    });
  },
});

Deno.test({
  name: "Chat - the model picker offers the models of a configured server",
  ...browserTest,
  async fn() {
    const provider = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen() {} },
      (req) =>
        new URL(req.url).pathname.endsWith("/models")
          ? Response.json({ object: "list", data: [{ id: "local-llama" }] })
          : new Response("not here", { status: 404 }),
    );
    const app = await startApp({
      openaiBaseUrl: `http://127.0.0.1:${provider.addr.port}/v1`,
    });
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      await page.goto(app.base + "/");
      const picker = page.getByLabel("Model");
      await picker.focus();
      const options = await picker.locator("option").evaluateAll((els) =>
        els.map((e) => (e as HTMLOptionElement).value)
      );
      assertEquals(options, ["demo", "openai:local-llama"]);
      await picker.selectOption("openai:local-llama");
      assertEquals(await picker.inputValue(), "openai:local-llama");
    } finally {
      await browser.close();
      await app.close();
      await provider.shutdown();
    }
  },
});

Deno.test({
  name: "Chat - math and code in history load KaTeX and the highlighter lazily",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 0 }, async (app, _browser, page, errors) => {
      const id = await importConversation(app, "Euler", [
        { role: "user", content: "Show me Euler's identity" },
        {
          role: "assistant",
          content: "Here it is:\n\n$$e^{i\\pi} + 1 = 0$$\n\n" +
            "```python\nprint('hi')\n```\n",
        },
      ]);
      const scripts: string[] = [];
      page.on("request", (r) => {
        if (r.resourceType() === "script") scripts.push(r.url());
      });
      await page.goto(`${app.base}/c/${id}`);
      await page.locator(".math-block .katex").waitFor({ timeout: 10_000 });
      await page.locator("pre code.hljs").waitFor({ timeout: 10_000 });
      const katexCss = page.locator('link[href$="katex.min.css"]');
      assertEquals(await katexCss.count(), 1);
      const loaded = await page.evaluate(() =>
        [...document.styleSheets].some((s) =>
          s.href?.endsWith("katex.min.css") && s.cssRules.length > 0
        )
      );
      assert(loaded, "KaTeX's stylesheet loaded");
      assertEquals(errors, []);

      // A conversation without math or code loads neither: the scripts
      // the math page added are not fetched by a plain page.
      const mathScripts = new Set(scripts);
      scripts.length = 0;
      await page.goto(`${app.base}/`);
      await page.locator("#composer").waitFor();
      await page.waitForTimeout(500);
      const lazy = [...mathScripts].filter((url) => !scripts.includes(url));
      assert(lazy.length > 0, "math and code pulled in lazy chunks");
      assert(scripts.length > 0, "the plain page still loads its islands");
    });
  },
});

Deno.test({
  name: "Chat - an image from another server loads only when clicked",
  ...browserTest,
  async fn() {
    // The "other server": a 1×1 GIF, counting who asks for it.
    const gif = Uint8Array.from(
      atob("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw=="),
      (c) => c.charCodeAt(0),
    );
    const asked: { referer: string | null }[] = [];
    const images = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen() {} },
      (request) => {
        asked.push({ referer: request.headers.get("referer") });
        return new Response(gif, { headers: { "content-type": "image/gif" } });
      },
    );
    const src = `http://127.0.0.1:${images.addr.port}/dot.gif?seen=1`;
    try {
      await withApp({ delayMs: 0 }, async (app, _browser, page, errors) => {
        const id = await importConversation(app, "Pictures", [
          { role: "user", content: "Show me a dot" },
          { role: "assistant", content: `Here: ![a white dot](${src})` },
        ]);
        await page.goto(`${app.base}/c/${id}`);
        const link = page.getByRole("link", { name: /a white dot/ });
        await link.waitFor();
        await page.waitForTimeout(300);
        assertEquals(asked.length, 0, "nothing fetched before the click");
        assertEquals(await page.locator("[data-role] img").count(), 0);

        // Enhanced (the island's lazy part has wired it), then clicked.
        await page.locator("[data-remote-image][data-enhanced]").waitFor();
        const tabs = page.context().pages().length;
        await link.click();
        const image = page.locator('[data-role] img[alt="a white dot"]');
        await image.waitFor();
        await page.waitForFunction(() =>
          (document.querySelector("[data-role] img") as HTMLImageElement)
            ?.naturalWidth === 1
        );
        assertEquals(asked, [{ referer: null }]);
        assertEquals(page.context().pages().length, tabs, "no new tab");
        assertEquals(errors, []);
      });
    } finally {
      await images.shutdown();
    }
  },
});

Deno.test({
  name: "Chat - an unsent message is kept per conversation until it is sent",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 0 }, async (app, _browser, page, errors) => {
      const composer = page.locator("#composer");
      await openReady(page, app.base + "/");
      await composer.fill("Half a thought");
      await openReady(page, app.base + "/");
      await page.waitForFunction(() =>
        (document.getElementById("composer") as HTMLTextAreaElement)
          .value === "Half a thought"
      );
      // Sent: gone from the new-chat screen and from the conversation.
      await composer.press("Enter");
      await waitForReply(page);
      const id = conversationId(page);
      assertEquals(await composer.inputValue(), "");
      await openReady(page, `${app.base}/c/${id}`);
      assertEquals(await composer.inputValue(), "");

      // A long draft in this conversation, not on the new-chat screen.
      const oneLine = await composer.evaluate((el) => el.clientHeight);
      const long = "First point\nSecond point\nThird point\nFourth point";
      await composer.fill(long);
      await openReady(page, app.base + "/");
      assertEquals(await composer.inputValue(), "");
      await openReady(page, `${app.base}/c/${id}`);
      await page.waitForFunction(
        (text) =>
          (document.getElementById("composer") as HTMLTextAreaElement)
            .value === text,
        long,
      );
      assertGreater(
        await composer.evaluate((el) => el.clientHeight),
        oneLine,
        "the box grows to show the restored draft",
      );
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name:
    "Chat - sending while another tab's reply runs shows that reply instead",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 5 }, async (app, _browser, page, errors) => {
      const id = await greeting(app, "Shared");
      await openReady(page, `${app.base}/c/${id}`);
      // Elsewhere (another tab, another device), a long reply starts.
      const elsewhere = await fetch(
        `${app.base}/api/conversations/${id}/messages`,
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ content: "count to 3000" }),
        },
      );
      assertEquals(elsewhere.status, 200);
      await elsewhere.body!.cancel();

      await sendMessage(page, "Me too");
      await page.getByRole("alert").filter({ hasText: "already being written" })
        .waitFor();
      // The running reply shows, still growing, with its question.
      const running = page.locator("[data-role=assistant]").last();
      await page.getByText("count to 3000").waitFor();
      await page.waitForFunction(() =>
        (document.querySelector("[data-role=assistant]:last-of-type")
          ?.textContent?.length ?? 0) > 40
      );
      assertEquals(await page.locator("#composer").inputValue(), "Me too");
      await page.getByRole("button", { name: "Stop" }).click();
      await waitForReply(page, "stopped");
      const saved = (await stored(app, id)).messages;
      assertEquals(saved.map((m) => m.role), [
        "user",
        "assistant",
        "user",
        "assistant",
      ]);
      assertEquals(saved[3].status, "stopped");
      assert(
        (await running.innerText()).includes(saved[3].content.slice(0, 40)),
      );
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name: "Chat - settings: system prompt and temperature are checked and kept",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 0 }, async (app, _browser, page, errors) => {
      const id = await greeting(app, "Tuned");
      await page.goto(`${app.base}/c/${id}`);
      const dialog = page.getByRole("dialog", {
        name: "Conversation settings",
      });
      const open = async () => {
        await page.getByRole("button", { name: "Settings", exact: true })
          .click();
        await dialog.waitFor();
      };
      await open();
      const prompt = dialog.getByLabel("System prompt");
      const temperature = dialog.getByLabel(/Temperature/);
      await prompt.fill("Answer like a ship's captain.");
      await temperature.fill("7");
      await dialog.getByRole("button", { name: "Save", exact: true }).click();
      await dialog.getByText("Temperature must be a number from 0 to 2")
        .waitFor();
      assertEquals((await stored(app, id)).conversation.systemPrompt, "");
      await temperature.fill("0.3");
      await dialog.getByRole("button", { name: "Save", exact: true }).click();
      await dialog.waitFor({ state: "hidden" });
      await page.getByText("Settings saved.").waitFor();
      const saved = (await stored(app, id)).conversation;
      assertEquals(saved.systemPrompt, "Answer like a ship's captain.");
      assertEquals(saved.temperature, 0.3);

      // After a reload the dialog shows what was saved; Cancel changes nothing.
      await page.reload();
      await open();
      assertEquals(await prompt.inputValue(), "Answer like a ship's captain.");
      assertEquals(await temperature.inputValue(), "0.3");
      await prompt.fill("Something else");
      await dialog.getByRole("button", { name: "Cancel" }).click();
      await dialog.waitFor({ state: "hidden" });
      assertEquals((await stored(app, id)).conversation, saved);
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name: "Chat - a reply started in one tab streams in another tab showing it",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 10 }, async (app, browser, page, errors) => {
      const id = await greeting(app, "Two tabs");
      const other = await openInTwoTabs(app, browser, page, errors, id);
      // Background tabs run their timers slowly: send from the one in front.
      await page.bringToFront();
      await sendMessage(page, "count to 400");
      // The other tab shows the question and the reply while it streams…
      await other.locator("[data-role=user]").filter({
        hasText: "count to 400",
      }).waitFor();
      await other.getByRole("button", { name: "Stop" }).waitFor();
      // …and ends with the same, complete reply, shown once.
      await waitForReply(page);
      await waitForReply(other);
      const replies = (tab: Page) =>
        tab.locator("[data-role=assistant] [data-content]").allInnerTexts();
      const expected = Array.from({ length: 400 }, (_, i) => i + 1).join(" ");
      assertEquals((await replies(other)).at(-1)?.trim(), expected);
      assertEquals(await replies(other), await replies(page));
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name: "Chat - finished blocks stay on screen while the tail streams",
  ...browserTest,
  async fn() {
    // 162 tokens at 60 ms: about 10 s of streaming, room for a slow machine.
    await withApp({ delayMs: 60 }, async (app, _browser, page, errors) => {
      await page.goto(app.base + "/");
      await sendMessage(page, "How do I stream a reply over HTTP?");
      const streamingText = page.locator(
        "[data-role=assistant][data-status=streaming]",
      );
      const content = streamingText.locator("[data-content]");
      await page.waitForFunction(() =>
        (document.querySelector("[data-status=streaming] [data-content]")
          ?.children.length ?? 0) >= 4
      );
      await content.evaluate((el) =>
        el.firstElementChild!.setAttribute("data-seen", "")
      );
      const blocks = await content.evaluate((el) => el.children.length);
      // One more block while it still streams: the tail moved on.
      await page.waitForFunction(
        (blocks) =>
          (document.querySelector("[data-status=streaming] [data-content]")
            ?.children.length ?? 0) > blocks,
        blocks,
      );
      assertEquals(
        await content.evaluate((el) =>
          el.firstElementChild!.hasAttribute("data-seen")
        ),
        true,
      );
      await page.getByRole("button", { name: "Stop" }).click();
      await waitForReply(page, "stopped");
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name: "Chat - settings saved in one tab show in another tab without a reload",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 0 }, async (app, browser, page, errors) => {
      const id = await greeting(app, "Shared settings");
      const other = await openInTwoTabs(app, browser, page, errors, id);
      const settings = async (tab: Page) => {
        await tab.getByRole("button", { name: "Settings", exact: true })
          .click();
        const dialog = tab.getByRole("dialog", {
          name: "Conversation settings",
        });
        await dialog.waitFor();
        return dialog;
      };
      // Background tabs run their timers slowly: work in the one in front.
      await page.bringToFront();
      const mine = await settings(page);
      await mine.getByLabel("System prompt").fill("Be brief.");
      await mine.getByRole("button", { name: "Save", exact: true }).click();
      await mine.waitFor({ state: "hidden" });

      await other.bringToFront();
      const theirs = await settings(other);
      assertEquals(
        await theirs.getByLabel("System prompt").inputValue(),
        "Be brief.",
      );
      await theirs.getByRole("button", { name: "Cancel" }).click();

      // A rename in the sidebar of one tab retitles the other tab.
      await page.bringToFront();
      const row = page.locator(`li[data-conversation-id="${id}"]`);
      await row.hover();
      await row.getByRole("button", { name: "Conversation actions" }).click();
      await row.getByRole("menuitem", { name: "Rename" }).click();
      await row.getByRole("textbox").fill("Brief answers");
      await row.getByRole("textbox").press("Enter");
      await other.waitForFunction(() =>
        document.title === "Brief answers · LiveAiChat"
      );
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name:
    "Chat - a lazy part that fails to load leaves readable text, then loads",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 0 }, async (app, _browser, page, errors) => {
      await openReady(page, app.base + "/");
      // From now on, the first request for each script fails, as a network
      // drop mid-download would.
      const failed = new Set<string>();
      const dropFirst = (route: Route) => {
        const url = route.request().url();
        if (failed.has(url)) return route.continue();
        failed.add(url);
        return route.abort("connectionreset");
      };
      // Island chunks, and the markdown modules dev.ts builds beside them.
      await page.route("**/_fresh/js/**", dropFirst);
      await page.route("**/vendor/markdown/**", dropFirst);
      await sendMessage(page, "count to 30");
      await waitForReply(page);
      const first = page.locator("[data-role=assistant] [data-content]").last();
      assertEquals(
        (await first.innerText()).trim(),
        Array.from({ length: 30 }, (_, i) => i + 1).join(" "),
      );
      assert(failed.size > 0, "the markdown renderer was asked for");

      await sendMessage(page, "count to 5");
      await page.waitForFunction(() =>
        document.querySelectorAll("[data-role=assistant]").length === 2
      );
      await waitForReply(page);
      // Loaded on the second try: the reply is rendered markdown.
      await page.locator("[data-role=assistant]").last().locator(
        "[data-content] p",
      ).waitFor();
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name:
    "Chat - reasoning shows live in a Thinking… block that closes when the answer starts",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 40 }, async (app, _browser, page, errors) => {
      await openReady(page, app.base + "/");
      await sendMessage(page, "think about rivers");
      const block = page.locator("[data-role=assistant] [data-reasoning]");
      // Open while the model thinks, its thoughts arriving…
      await page.waitForFunction(() => {
        const details = document.querySelector(
          "[data-status=streaming] [data-reasoning]",
        ) as HTMLDetailsElement | null;
        return details?.open === true &&
          (details.textContent ?? "").includes("Thinking…") &&
          (details.textContent ?? "").includes("rivers");
      });
      // …closed once the answer starts.
      await page.waitForFunction(() => {
        const item = document.querySelector("[data-status=streaming]");
        const details = item?.querySelector(
          "[data-reasoning]",
        ) as HTMLDetailsElement | null;
        return details?.open === false &&
          (item?.querySelector("[data-content]")?.textContent ?? "") !== "";
      });
      await waitForReply(page);
      assertEquals(
        await block.evaluate((d) => (d as HTMLDetailsElement).open),
        false,
      );
      assertEquals(await block.locator("summary").innerText(), "Thoughts");
      // The answer holds no thoughts; a click shows them again.
      const answer = await page.locator("[data-role=assistant] [data-content]")
        .innerText();
      assert(!answer.includes("The person asks me"), answer.slice(0, 80));
      await block.locator("summary").click();
      assertEquals(
        await block.evaluate((d) => (d as HTMLDetailsElement).open),
        true,
      );
      assertEquals(errors, []);
    });
  },
});

Deno.test({
  name:
    "Chat - a reply cut by the length limit shows Continue, which resumes it",
  ...browserTest,
  async fn() {
    await withApp({ delayMs: 5 }, async (app, _browser, page, errors) => {
      const id = await greeting(app, "Short replies");
      await app.services.store.updateConversation(id, { maxOutputTokens: 8 });
      await openReady(page, `${app.base}/c/${id}`);
      await sendMessage(page, "count to 20");
      const reply = page.locator("[data-role=assistant]").last();
      await page.getByRole("button", { name: "Continue" }).waitFor();
      assertEquals(
        (await reply.locator("[data-content]").innerText()).trim(),
        "1 2 3 4 5 6 7 8",
      );
      const replyId = await reply.getAttribute("id");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll("[data-role=assistant] [data-content]")]
          .at(-1)?.textContent?.trim().endsWith("16")
      );
      await page.getByRole("button", { name: "Continue" }).click();
      await page.waitForFunction(() =>
        [...document.querySelectorAll("[data-role=assistant] [data-content]")]
          .at(-1)?.textContent?.trim().endsWith("19 20")
      );
      // The same message grew: no new turn.
      assertEquals(await page.locator("[data-role=assistant]").count(), 2);
      assertEquals(
        await page.locator("[data-role=assistant]").last().getAttribute("id"),
        replyId,
      );
      await waitForReply(page);
      assertEquals(
        await page.getByRole("button", { name: "Continue" }).count(),
        0,
      );
      const data = await stored(app, id);
      assertEquals(data.messages.length, 4);
      assertEquals(
        data.messages[3].content,
        Array.from({ length: 20 }, (_, i) => i + 1).join(" "),
      );
      assertEquals(errors, []);
    });
  },
});
