import { assertEquals, assertMatch } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";

Deno.test("Headers - nosniff, no referrer and a CSP on pages, 404s, error answers and files", async () => {
  const app = await startApp();
  try {
    const answers = {
      page: await fetch(app.base + "/"),
      missingPage: await fetch(app.base + "/no/such/page"),
      missingApi: await fetch(app.base + "/api/nope"),
      refused: await fetch(app.base + "/api/conversations", {
        method: "POST",
        headers: { origin: "https://evil.example" },
      }),
      styles: await fetch(app.base + "/styles.css"),
    };
    assertEquals(answers.missingPage.status, 404);
    assertEquals(answers.refused.status, 403);
    for (const [name, response] of Object.entries(answers)) {
      await response.body?.cancel();
      assertEquals(
        response.headers.get("x-content-type-options"),
        "nosniff",
        name,
      );
      assertEquals(
        response.headers.get("referrer-policy"),
        "no-referrer",
        name,
      );
      assertMatch(
        response.headers.get("content-security-policy") ?? "",
        /frame-ancestors 'none'/,
        name,
      );
      assertEquals(
        /upgrade-insecure-requests/.test(
          response.headers.get("content-security-policy") ?? "",
        ),
        false,
        `${name}: plain http must keep working`,
      );
    }
  } finally {
    await app.close();
  }
});
