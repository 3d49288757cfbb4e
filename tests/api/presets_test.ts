import { assertEquals } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";

Deno.test("API presets - save, list, refuse bad input, delete", async () => {
  const app = await startApp();
  const post = (body: unknown) =>
    fetch(`${app.base}/api/presets`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  try {
    const created = await post({
      name: "  Short answers ",
      model: "demo",
      systemPrompt: "Answer in one sentence.",
      temperature: 0.2,
    });
    assertEquals(created.status, 201);
    const preset = await created.json();
    assertEquals(preset.name, "Short answers");
    const bad = await post({ name: "", temperature: 7 });
    assertEquals(bad.status, 400);
    assertEquals(typeof (await bad.json()).error, "string");
    const hot = await post({ name: "Hot", temperature: 7 });
    assertEquals(hot.status, 400);
    await hot.body?.cancel();
    const list = await (await fetch(`${app.base}/api/presets`)).json();
    assertEquals(list.presets, [preset]);
    const gone = await fetch(`${app.base}/api/presets/${preset.id}`, {
      method: "DELETE",
    });
    assertEquals(gone.status, 204);
    const again = await fetch(`${app.base}/api/presets/${preset.id}`, {
      method: "DELETE",
    });
    assertEquals(again.status, 404);
    await again.body?.cancel();
    const csv = await Deno.readTextFile(`${app.dataDir}/presets.csv`);
    assertEquals(
      csv.split("\n")[0].trim(),
      "id,name,model,temperature,system_prompt",
    );
  } finally {
    await app.close();
  }
});

Deno.test("API presets - rename or change one; unknown is 404, bad input 400", async () => {
  const app = await startApp();
  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${app.base}/api/presets${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  try {
    const preset = await (await call("POST", "", {
      name: "Tutor",
      model: "demo",
      systemPrompt: "Teach.",
      temperature: 0.3,
    })).json();
    const renamed = await call("PATCH", `/${preset.id}`, {
      name: "  French   tutor ",
    });
    assertEquals(renamed.status, 200);
    // The other fields are kept.
    assertEquals(await renamed.json(), { ...preset, name: "French tutor" });
    const warmer = await call("PATCH", `/${preset.id}`, { temperature: 1 });
    assertEquals((await warmer.json()).temperature, 1);
    for (const bad of [{ name: "" }, { temperature: 9 }]) {
      const refused = await call("PATCH", `/${preset.id}`, bad);
      assertEquals(refused.status, 400);
      assertEquals(typeof (await refused.json()).error, "string");
    }
    const unknown = await call(
      "PATCH",
      "/01970000-0000-7000-8000-00000000dead",
      { name: "X" },
    );
    assertEquals(unknown.status, 404);
    await unknown.body?.cancel();
    const list = await (await call("GET", "")).json();
    assertEquals(list.presets, [
      { ...preset, name: "French tutor", temperature: 1 },
    ]);
  } finally {
    await app.close();
  }
});
