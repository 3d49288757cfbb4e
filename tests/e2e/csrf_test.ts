import { assertEquals, assertGreater } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";
import { launchBrowser } from "../_helpers/browser.ts";

const browserTest = { sanitizeResources: false, sanitizeOps: false };

/** Every file under `dir` with its text, to compare before and after. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const walk = async (path: string) => {
    for await (const entry of Deno.readDir(path)) {
      const full = `${path}/${entry.name}`;
      if (entry.isDirectory) await walk(full);
      else files.set(full, await Deno.readTextFile(full));
    }
  };
  await walk(dir);
  return files;
}

/**
 * The page of another origin: every kind of request a page can send
 * without asking the server first (no-cors fetch, beacons, HTML forms in
 * all three encodings), aimed at every write, plus preflighted ones.
 */
function attackerPage(target: string, id: string): string {
  const c = `${target}/api/conversations`;
  return `<!DOCTYPE html><html><body><script>
const c = ${JSON.stringify(c)}, id = ${JSON.stringify(id)};
const csv = "role,content\\r\\nuser,pwned by csv\\r\\n";
function form(action, enctype, fields, file) {
  const frame = document.createElement("iframe");
  frame.name = "f" + Math.random().toString(36).slice(2);
  document.body.append(frame);
  const f = document.createElement("form");
  f.method = "POST"; f.action = action; f.enctype = enctype; f.target = frame.name;
  for (const [name, value] of Object.entries(fields)) {
    const input = document.createElement("input");
    input.name = name; input.value = value; f.append(input);
  }
  if (file) {
    const input = document.createElement("input");
    input.type = "file"; input.name = "file";
    const dt = new DataTransfer();
    dt.items.add(new File([csv], "chat.csv", { type: "text/csv" }));
    input.files = dt.files; f.append(input);
  }
  document.body.append(f);
  return new Promise((resolve) => { frame.onload = resolve; f.submit(); });
}
const multipart = () => {
  const fd = new FormData();
  fd.append("file", new File([csv], "chat.csv", { type: "text/csv" }));
  return fd;
};
const noCors = (url, body) =>
  fetch(url, { method: "POST", mode: "no-cors", credentials: "include", body }).catch(() => {});
window.attack = async () => {
  navigator.sendBeacon(c, new Blob(['{"title":"beacon"}'], { type: "text/plain" }));
  navigator.sendBeacon("${target}/api/import", multipart());
  navigator.sendBeacon(c + "/" + id + "/messages", new URLSearchParams({ content: "pwned" }));
  await Promise.all([
    noCors(c, '{"title":"no-cors"}'),
    noCors(c),
    noCors(c + "/" + id + "/messages", '{"content":"pwned"}'),
    noCors(c + "/" + id + "/stop"),
    noCors(c + "/" + id + "/regenerate", "{}"),
    noCors(c + "/" + id + "/restore"),
    noCors("${target}/api/import", multipart()),
    noCors("${target}/api/import", csv),
    noCors("${target}/api/import", new URLSearchParams({ file: csv })),
    noCors("${target}/login", new URLSearchParams({ password: "guess" })),
    fetch(c + "/" + id, { method: "DELETE", credentials: "include" }).catch(() => {}),
    fetch(c + "/" + id, { method: "PATCH", credentials: "include", headers: { "content-type": "application/json" }, body: '{"title":"pwned"}' }).catch(() => {}),
    form(c, "text/plain", { '{"title":"form","x":"': '"}' }),
    form(c + "/" + id + "/messages", "application/x-www-form-urlencoded", { content: "pwned" }),
    form("${target}/api/import", "multipart/form-data", {}, true),
    form(c + "/" + id, "application/x-www-form-urlencoded", { title: "pwned" }),
    form(c + "/" + id + "/stop", "application/x-www-form-urlencoded", {}),
  ]);
  return "sent";
};
</script></body></html>`;
}

/** Writes the page sends that reach the server (preflights excluded). */
const WRITES = 3 + 10 + 5;

Deno.test({
  name:
    "CSRF - a page on another port of the same host, logged in, writes nothing",
  ...browserTest,
  async fn() {
    const writes: { path: string; status: number; cookie: boolean }[] = [];
    let recording = false;
    const app = await startApp({ authPassword: "hunter2" }, {
      observe(req, response) {
        if (!recording || req.method === "GET" || req.method === "OPTIONS") {
          return;
        }
        writes.push({
          path: new URL(req.url).pathname,
          status: response.status,
          cookie: req.headers.get("cookie")?.includes("session") ?? false,
        });
      },
    });
    let html = "";
    const attacker = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen() {} },
      () =>
        new Response(html, {
          headers: { "content-type": "text/html; charset=utf-8" },
        }),
    );
    const { context, close } = await launchBrowser();
    try {
      const seeded = await app.services.store.createConversation({
        title: "Mine",
      });
      await app.services.store.appendMessage(seeded.id, {
        role: "user",
        content: "hello",
      });
      const page = await context.newPage();
      await page.goto(app.base + "/login");
      await page.getByLabel("Password").fill("hunter2");
      await page.getByRole("button", { name: "Log in" }).click();
      await page.waitForURL(app.base + "/");
      const before = await snapshot(app.dataDir);

      recording = true;
      html = attackerPage(app.base, seeded.id);
      const evil = await context.newPage();
      await evil.goto(`http://127.0.0.1:${attacker.addr.port}/`);
      assertEquals(await evil.evaluate("window.attack()"), "sent");
      // Beacons report nothing back: wait until the server has seen them.
      const deadline = Date.now() + 15_000;
      while (writes.length < WRITES && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      assertEquals(
        writes.length,
        WRITES,
        JSON.stringify(writes.map((w) => w.path)),
      );
      for (const write of writes) {
        assertEquals(write.status, 403, write.path);
      }
      assertGreater(
        writes.filter((w) => w.cookie).length,
        0,
        "the browser sent the login cookie along: only the check stopped them",
      );
      assertEquals(await snapshot(app.dataDir), before, "0 writes");
      const list = await app.services.store.listConversations();
      assertEquals(list.conversations.map((c) => c.title), ["Mine"]);
      const own = await page.evaluate(async (url) => {
        const r = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"title":"From the app itself"}',
        });
        return r.status;
      }, app.base + "/api/conversations");
      assertEquals(own, 201, "the app's own page still writes");
      await page.reload();
      await page.getByRole("button", { name: "Log out" }).click();
      await page.waitForURL(app.base + "/login");
      const after = await page.evaluate(
        async () => (await fetch("/api/models")).status,
      );
      assertEquals(after, 401, "logged out");
    } finally {
      await close();
      await attacker.shutdown();
      await app.close();
    }
  },
});
