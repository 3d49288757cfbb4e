/**
 * The presets a chat offers, kept in step with the server: save the
 * current settings under a name, rename one, delete one. The composer's
 * picker and the settings dialog show the same list, so a change shows in
 * both at once. Talks to the server only through `ConversationApi`.
 *
 * @module
 */
import type { Signal } from "@preact/signals";
import type { Preset } from "../api/mod.ts";
import type { ConversationApi } from "./conversation_api.ts";
import { showToast, type Toast } from "./toasts.ts";

/** What {@linkcode PresetsModel} needs of the API client. */
export type PresetsApi = Pick<
  ConversationApi,
  "createPreset" | "changePreset" | "deletePreset"
>;

/** Presets in the order people look for them (as the server lists them). */
function byName(presets: Preset[]): Preset[] {
  return [...presets].sort((a, b) => a.name.localeCompare(b.name));
}

/** State and actions of the presets a new chat can start from. */
export class PresetsModel {
  /** Every preset, by name. */
  readonly list: Signal<Preset[]>;
  #api: PresetsApi;
  #toasts: Signal<Toast[]>;

  /**
   * Keep the presets in `list`, the signal the page already shows (the
   * composer's picker), starting from those it holds (put in name order).
   */
  constructor(
    toasts: Signal<Toast[]>,
    options: { api: PresetsApi; list: Signal<Preset[]> },
  ) {
    this.#toasts = toasts;
    this.#api = options.api;
    this.list = options.list;
    this.list.value = byName(options.list.peek());
  }

  async #run(task: () => Promise<string>): Promise<boolean> {
    try {
      showToast(this.#toasts, { kind: "success", text: await task() });
      return true;
    } catch (error) {
      showToast(this.#toasts, {
        kind: "error",
        text: (error as Error).message,
      });
      return false;
    }
  }

  /** Save settings as a new preset. */
  create(fields: Omit<Preset, "id">): Promise<boolean> {
    return this.#run(async () => {
      const preset = await this.#api.createPreset(fields);
      this.list.value = byName([...this.list.peek(), preset]);
      return `Saved the preset “${preset.name}”.`;
    });
  }

  /** Give a preset another name. */
  rename(id: string, name: string): Promise<boolean> {
    return this.#run(async () => {
      const preset = await this.#api.changePreset(id, { name });
      this.list.value = byName(
        this.list.peek().map((p) => p.id === id ? preset : p),
      );
      return `Renamed the preset to “${preset.name}”.`;
    });
  }

  /** Delete a preset (it is gone from the picker too). */
  remove(id: string): Promise<boolean> {
    const name = this.list.peek().find((p) => p.id === id)?.name ?? "";
    return this.#run(async () => {
      await this.#api.deletePreset(id);
      this.list.value = this.list.peek().filter((p) => p.id !== id);
      return `Deleted the preset “${name}”.`;
    });
  }
}
