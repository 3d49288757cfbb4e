import { assertEquals, assertMatch } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";

for (const store of ["csv", "kv"] as const) {
  Deno.test(`Health - /healthz and /readyz answer JSON without login [${store}]`, async () => {
    const app = await startApp({ store, authPassword: "secret" });
    try {
      const live = await fetch(`${app.base}/healthz`);
      assertEquals(live.status, 200);
      assertEquals(live.headers.get("cache-control"), "no-store");
      assertEquals(await live.json(), {
        status: "ok",
        store,
        runningReplies: 0,
      });
      const ready = await fetch(`${app.base}/readyz`);
      assertEquals(ready.status, 200);
      const body = await ready.json();
      assertEquals([body.status, body.store], ["ready", store]);
      // Everything else still asks for a login.
      const api = await fetch(`${app.base}/api/conversations`);
      assertEquals(api.status, 401);
      await api.body?.cancel();
      // A store that can no longer be read makes the instance not ready,
      // while it stays alive.
      await app.services.store.close();
      const down = await fetch(`${app.base}/readyz`);
      assertEquals(down.status, 503);
      const reason = await down.json();
      assertEquals(reason.status, "unavailable");
      assertMatch(reason.error, /^The store cannot be reached: /);
      assertEquals((await fetch(`${app.base}/healthz`)).status, 200);
    } finally {
      await app.close();
    }
  });
}
