import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import { type AppServer, startApp } from "../_helpers/app_server.ts";

/** POST the login form; the response's status, cookie and text. */
async function login(
  app: AppServer,
  password: string,
  headers: Record<string, string> = {},
) {
  const response = await fetch(app.base + "/login", {
    method: "POST",
    body: new URLSearchParams({ password }),
    headers,
    redirect: "manual",
  });
  return {
    status: response.status,
    setCookie: response.headers.get("set-cookie") ?? "",
    cookie: (response.headers.get("set-cookie") ?? "").split(";")[0],
    retryAfter: response.headers.get("retry-after"),
    text: await response.text(),
  };
}

/** Status of an API call made with `cookie`. */
async function apiStatus(app: AppServer, cookie: string): Promise<number> {
  const response = await fetch(app.base + "/api/models", {
    headers: { cookie },
  });
  await response.body?.cancel();
  return response.status;
}

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

    const wrong = await login(app, "nope");
    assertEquals(wrong.status, 401);
    assertStringIncludes(wrong.text, "That password is not right.");

    const right = await login(app, "correct horse");
    assertEquals(right.status, 303);
    assert(right.cookie.startsWith("liveaichat_session="));
    assertEquals(await apiStatus(app, right.cookie), 200);
    assertEquals(
      await apiStatus(app, "liveaichat_session=" + "0".repeat(64)),
      401,
    );
  } finally {
    await app.close();
  }
});

Deno.test("Auth - each login is its own random session, kept hashed; logout ends only that one", async () => {
  const app = await startApp({ authPassword: "pw" });
  try {
    const a = await login(app, "pw");
    const b = await login(app, "pw");
    assert(a.cookie !== b.cookie, "two logins, two sessions");
    const stored = await Deno.readTextFile(`${app.dataDir}/sessions.csv`);
    assertEquals(stored.includes(a.cookie.split("=")[1]), false);
    const out = await fetch(app.base + "/logout", {
      method: "POST",
      headers: { cookie: a.cookie },
      redirect: "manual",
    });
    await out.body?.cancel();
    assertEquals(out.status, 303);
    assertEquals(out.headers.get("location"), "/login");
    assertMatch(out.headers.get("set-cookie")!, /Max-Age=0/);
    assertEquals(await apiStatus(app, a.cookie), 401, "logged out");
    assertEquals(await apiStatus(app, b.cookie), 200, "the other stays");
  } finally {
    await app.close();
  }
});

Deno.test("Auth - guessing gets 429 with Retry-After, doubling waits, even for the right password", async () => {
  let clock = Date.parse("2025-03-01T00:00:00Z");
  const app = await startApp({ authPassword: "pw", now: () => clock });
  try {
    for (let i = 0; i < 5; i++) {
      assertEquals((await login(app, `guess ${i}`)).status, 401);
    }
    const blocked = await login(app, "pw");
    assertEquals(blocked.status, 429);
    assertEquals(blocked.retryAfter, "1");
    assertStringIncludes(
      blocked.text,
      "Too many wrong passwords. Wait 1 second",
    );
    clock += 1000;
    assertEquals((await login(app, "guess 5")).status, 401);
    const longer = await login(app, "pw");
    assertEquals(longer.status, 429);
    assertEquals(longer.retryAfter, "2");
    clock += 2000;
    assertEquals((await login(app, "pw")).status, 303);
  } finally {
    await app.close();
  }
});

Deno.test("Auth - a flood of guesses from many addresses pauses every login", async () => {
  const clock = Date.parse("2025-03-01T00:00:00Z");
  const app = await startApp({
    authPassword: "pw",
    trustProxy: true,
    now: () => clock,
  });
  try {
    for (let i = 0; i < 100; i++) {
      const from = { "x-forwarded-for": `198.51.100.${i}` };
      assertEquals((await login(app, "guess", from)).status, 401);
    }
    const fresh = await login(app, "pw", { "x-forwarded-for": "203.0.113.9" });
    assertEquals(fresh.status, 429);
    assertEquals(fresh.retryAfter, "600");
    assertStringIncludes(fresh.text, "logging in is paused");
  } finally {
    await app.close();
  }
});

Deno.test("Auth - sessions end when idle too long and at their absolute age", async () => {
  let clock = Date.parse("2025-03-01T00:00:00Z");
  const app = await startApp({
    authPassword: "pw",
    sessionIdleHours: 1,
    sessionMaxDays: 1,
    now: () => clock,
  });
  try {
    const idle = (await login(app, "pw")).cookie;
    clock += 61 * 60_000;
    assertEquals(await apiStatus(app, idle), 401, "unused for 61 minutes");

    const busy = (await login(app, "pw")).cookie;
    for (let step = 1; step <= 24; step++) {
      clock += 59 * 60_000;
      assertEquals(await apiStatus(app, busy), 200, `used, step ${step}`);
    }
    clock += 59 * 60_000;
    assertEquals(await apiStatus(app, busy), 401, "over a day old");
  } finally {
    await app.close();
  }
});

Deno.test("Auth - a new password ends every session, also after changing it back", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "auth_pw_" });
  try {
    let app = await startApp({ authPassword: "first", dataDir });
    const cookie = (await login(app, "first")).cookie;
    assertEquals(await apiStatus(app, cookie), 200);
    await app.close();
    app = await startApp({ authPassword: "second", dataDir });
    assertEquals(await apiStatus(app, cookie), 401);
    await app.close();
    app = await startApp({ authPassword: "first", dataDir });
    assertEquals(await apiStatus(app, cookie), 401, "not revived");
    await app.close();
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});

Deno.test("Auth - cookie is HttpOnly and SameSite=Lax; Secure over https or a trusted proxy", async () => {
  const plain = await startApp({ authPassword: "pw" });
  const proxied = await startApp({ authPassword: "pw", trustProxy: true });
  try {
    const http = await login(plain, "pw");
    assertMatch(http.setCookie, /; HttpOnly/);
    assertMatch(http.setCookie, /; SameSite=Lax/);
    assertMatch(http.setCookie, /; Path=\//);
    assertMatch(http.setCookie, /; Max-Age=2592000/);
    assertEquals(/Secure/.test(http.setCookie), false, "plain http on a LAN");
    const untrusted = await login(plain, "pw", {
      "x-forwarded-proto": "https",
    });
    assertEquals(/Secure/.test(untrusted.setCookie), false);
    const https = await login(proxied, "pw", { "x-forwarded-proto": "https" });
    assertMatch(https.setCookie, /; Secure/);
  } finally {
    await plain.close();
    await proxied.close();
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
