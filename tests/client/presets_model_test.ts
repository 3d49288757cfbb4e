import { signal } from "@preact/signals";
import { assertEquals } from "@std/assert";
import { ConversationApi } from "../../lib/client/conversation_api.ts";
import { PresetsModel } from "../../lib/client/presets_model.ts";
import type { Toast } from "../../lib/client/toasts.ts";
import { startApp } from "../_helpers/app_server.ts";

Deno.test("Presets model - save, rename and delete keep the list in step with the server", async () => {
  const app = await startApp();
  try {
    const api = new ConversationApi({ base: app.base });
    const toasts = signal<Toast[]>([]);
    const fields = { model: "demo", systemPrompt: "Be brief.", temperature: 0 };
    // The page's list (the composer's picker shows it) is the one kept,
    // in name order.
    const listed = signal(["Zany", "Apt"].map((name, i) => ({
      id: `0190a0b2-0000-7000-8000-00000000000${i}`,
      name,
      ...fields,
    })));
    const presets = new PresetsModel(toasts, { api, list: listed });
    assertEquals(presets.list, listed);
    assertEquals(listed.value.map((p) => p.name), ["Apt", "Zany"]);
    listed.value = [];
    assertEquals(await presets.create({ name: "Brief", ...fields }), true);
    assertEquals(await presets.create({ name: "Another", ...fields }), true);
    const names = () => listed.value.map((p) => p.name);
    assertEquals(names(), ["Another", "Brief"]);
    const brief = presets.list.value[1];
    assertEquals(await presets.rename(brief.id, "Very brief"), true);
    assertEquals(names(), ["Another", "Very brief"]);
    assertEquals(
      toasts.value.at(-1)?.text,
      "Renamed the preset to “Very brief”.",
    );
    // A refused name changes nothing and says why.
    assertEquals(await presets.rename(brief.id, " "), false);
    assertEquals(names(), ["Another", "Very brief"]);
    assertEquals(toasts.value.at(-1)?.kind, "error");
    assertEquals(await presets.remove(brief.id), true);
    assertEquals(names(), ["Another"]);
    assertEquals(toasts.value.at(-1)?.text, "Deleted the preset “Very brief”.");
    const stored = await app.services.store.presets.listPresets();
    assertEquals(stored, presets.list.value);
  } finally {
    await app.close();
  }
});
