/**
 * Presets of the CSV backend: `presets.csv` in the data folder, one row
 * per preset, rewritten atomically on each change (the folder's lock makes
 * this process its only writer).
 *
 * @module
 */
import { parse } from "@std/csv/parse";
import { stringify } from "@std/csv/stringify";
import { readIfExists, writeAtomic } from "./files.ts";
import { byName, isPreset, type Preset, type PresetStore } from "./presets.ts";
import { SerialQueue } from "./serial_queue.ts";

const COLUMNS = ["id", "name", "model", "temperature", "system_prompt"];

/** `PresetStore` on `<dataDir>/presets.csv`. */
export class CsvPresets implements PresetStore {
  #path: string;
  #presets = new Map<string, Preset>();
  #queue = new SerialQueue();
  #loaded: Promise<void> | null = null;

  constructor(dataDir: string) {
    this.#path = `${dataDir}/presets.csv`;
  }

  #load(): Promise<void> {
    this.#loaded ??= (async () => {
      const bytes = await readIfExists(this.#path);
      if (!bytes) return;
      const rows = parse(new TextDecoder().decode(bytes), {
        skipFirstRow: true,
        columns: COLUMNS,
      }) as Record<string, string>[];
      for (const row of rows) {
        const temperature = row.temperature === ""
          ? null
          : Number(row.temperature);
        const preset = {
          id: row.id,
          name: row.name,
          model: row.model || null,
          temperature: Number.isFinite(temperature) ? temperature : null,
          systemPrompt: row.system_prompt ?? "",
        };
        if (isPreset(preset)) this.#presets.set(preset.id, preset);
      }
    })();
    return this.#loaded;
  }

  #save(): Promise<void> {
    const rows = [...this.#presets.values()].map((p) => ({
      id: p.id,
      name: p.name,
      model: p.model ?? "",
      temperature: p.temperature === null ? "" : String(p.temperature),
      system_prompt: p.systemPrompt,
    }));
    return this.#queue.run("presets", async () => {
      const text = stringify(rows, { columns: COLUMNS });
      await writeAtomic(this.#path, new TextEncoder().encode(text));
    });
  }

  /** {@inheritDoc PresetStore.listPresets} */
  async listPresets(): Promise<Preset[]> {
    await this.#load();
    return byName([...this.#presets.values()].map((p) => ({ ...p })));
  }

  /** {@inheritDoc PresetStore.savePreset} */
  async savePreset(preset: Preset): Promise<void> {
    await this.#load();
    this.#presets.set(preset.id, { ...preset });
    await this.#save();
  }

  /** {@inheritDoc PresetStore.deletePreset} */
  async deletePreset(id: string): Promise<void> {
    await this.#load();
    if (this.#presets.delete(id)) await this.#save();
  }
}
