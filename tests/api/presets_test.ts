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
