/**
 * Named presets: a model, a system prompt and a temperature saved under a
 * name, to start a new chat with. Kept by the store beside the history
 * (`presets.csv` in the data folder, or the KV database), so they are the
 * same in every browser and survive a restart.
 *
 * @module
 */
import { ValidationError } from "../errors.ts";
import type { Preset } from "./types.ts";
import { checkConversationPatch } from "./validate.ts";

export type { Preset };

/**
 * What a `ChatStore` backend offers as its `presets`. Few records are
 * expected, so listing them all is fine. Every method resolves once the
 * change is durable.
 */
export interface PresetStore {
  /** Every preset, by name. */
  listPresets(): Promise<Preset[]>;
  /** Keep a preset (a new one, or one replacing the same `id`). */
  savePreset(preset: Preset): Promise<void>;
  /** Remove a preset; nothing happens when it is gone. */
  deletePreset(id: string): Promise<void>;
}

/** Longest preset name. */
export const MAX_PRESET_NAME = 80;

/**
 * Check a preset's fields from a request: `name` required; `model`,
 * `systemPrompt`, `temperature` checked as a conversation's are.
 */
export function checkPresetFields(input: unknown): Omit<Preset, "id"> {
  const value =
    (typeof input === "object" && input !== null ? input : {}) as Record<
      string,
      unknown
    >;
  const name = typeof value.name === "string"
    ? value.name.replace(/\s+/g, " ").trim()
    : "";
  if (!name || name.length > MAX_PRESET_NAME) {
    throw new ValidationError(
      `name must be 1 to ${MAX_PRESET_NAME} characters`,
      { field: "name" },
    );
  }
  const settings = checkConversationPatch({
    model: value.model ?? null,
    systemPrompt: value.systemPrompt ?? "",
    temperature: value.temperature ?? null,
  });
  return {
    name,
    model: settings.model ?? null,
    systemPrompt: settings.systemPrompt ?? "",
    temperature: settings.temperature ?? null,
  };
}

/** Whether a value read back from storage is a well-formed preset. */
export function isPreset(value: unknown): value is Preset {
  const v = value as Partial<Preset> | null;
  return typeof v === "object" && v !== null && typeof v.id === "string" &&
    typeof v.name === "string" && typeof v.systemPrompt === "string" &&
    (v.model === null || typeof v.model === "string") &&
    (v.temperature === null || typeof v.temperature === "number");
}

/** Presets in the order people look for them: by name. */
export function byName(presets: Preset[]): Preset[] {
  return presets.sort((a, b) => a.name.localeCompare(b.name));
}
