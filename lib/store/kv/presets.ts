/**
 * Presets of the KV backend: `["presets", id]` → preset, shared by every
 * instance on the same database.
 *
 * @module
 */
import { byName, isPreset, type Preset, type PresetStore } from "../presets.ts";

const PREFIX: Deno.KvKey = ["presets"];

/** `PresetStore` on a Deno KV database. */
export class KvPresets implements PresetStore {
  #kv: Deno.Kv;

  constructor(kv: Deno.Kv) {
    this.#kv = kv;
  }

  /** {@inheritDoc PresetStore.listPresets} */
  async listPresets(): Promise<Preset[]> {
    const found: Preset[] = [];
    for await (const entry of this.#kv.list({ prefix: PREFIX })) {
      if (isPreset(entry.value)) found.push(entry.value);
    }
    return byName(found);
  }

  /** {@inheritDoc PresetStore.savePreset} */
  async savePreset(preset: Preset): Promise<void> {
    await this.#kv.set([...PREFIX, preset.id], { ...preset });
  }

  /** {@inheritDoc PresetStore.deletePreset} */
  async deletePreset(id: string): Promise<void> {
    await this.#kv.delete([...PREFIX, id]);
  }
}
