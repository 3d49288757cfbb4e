import { assert, assertEquals } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";

Deno.test("Auth - with AUTH_PASSWORD every page and API call needs a login", async () => {
  const app = await startApp({ authPassword: "correct horse" });
  try {
    const page = await fetch(app.base + "/", { redirect: "manual" });
    await page.body?.cancel();
    assertEquals(page.status, 302);
    assertEquals(page.headers.get("location"), "/login");
    const api = await fetch(app.base + "/api/models");
    assertEquals(api.status, 401);
    assertEquals((await api.json()).error, "Log in first.");
    const css = await fetch(app.base + "/styles.css");
    await css.body?.cancel();
    assertEquals(css.status, 200, "styles stay public for the login page");

    const wrong = await fetch(app.base + "/login", {
      method: "POST",
      body: new URLSearchParams({ password: "nope" }),
      redirect: "manual",
    });
    assertEquals(wrong.status, 401);
    assert((await wrong.text()).includes("That password is not right."));

    const right = await fetch(app.base + "/login", {
      method: "POST",
      body: new URLSearchParams({ password: "correct horse" }),
      redirect: "manual",
    });
    await right.body?.cancel();
    assertEquals(right.status, 303);
    const cookie = right.headers.get("set-cookie")!.split(";")[0];
    assert(cookie.startsWith("liveaichat_session="));
    const models = await fetch(app.base + "/api/models", {
      headers: { cookie },
    });
    assertEquals(models.status, 200);
    await models.body?.cancel();
    const forged = await fetch(app.base + "/api/models", {
      headers: { cookie: "liveaichat_session=" + "0".repeat(64) },
    });
    assertEquals(forged.status, 401);
    await forged.body?.cancel();
  } finally {
    await app.close();
  }
});

Deno.test("Auth - without AUTH_PASSWORD the login page sends you home", async () => {
  const app = await startApp();
  try {
    const response = await fetch(app.base + "/login", { redirect: "manual" });
    await response.body?.cancel();
    assertEquals(response.status, 302);
    assertEquals(response.headers.get("location"), "/");
  } finally {
    await app.close();
  }
});
