/**
 * Presets for new chats: list, save under a name, rename or change, remove. The store keeps
 * them (see `PresetStore`); this checks what a request asks for.
 *
 * @module
 */
import { NotFoundError } from "../errors.ts";
import {
  type ChatStore,
  checkPresetFields,
  isId,
  newId,
  type Preset,
} from "../store/mod.ts";

/** Largest JSON body of a preset save or change, in bytes. */
export const PRESET_BODY_BYTES = 256 * 1024;

/** Save a new preset from a request body; `ValidationError` on bad fields. */
export async function createPreset(
  store: ChatStore,
  body: unknown,
): Promise<Preset> {
  const preset = { id: newId(), ...checkPresetFields(body) };
  await store.presets.savePreset(preset);
  return preset;
}

/** Remove a preset; `NotFoundError` when there is none with that id. */
export async function deletePreset(
  store: ChatStore,
  id: string,
): Promise<void> {
  await storedPreset(store, id);
  await store.presets.deletePreset(id);
}

/**
 * Change a preset (rename it, or any of its fields): the request's fields
 * over the stored ones, checked as a new preset's. `NotFoundError` when
 * there is none with that id, `ValidationError` on bad fields.
 */
export async function changePreset(
  store: ChatStore,
  id: string,
  body: unknown,
): Promise<Preset> {
  const current = await storedPreset(store, id);
  const changes = typeof body === "object" && body !== null ? body : {};
  const preset = { id, ...checkPresetFields({ ...current, ...changes }) };
  await store.presets.savePreset(preset);
  return preset;
}

/** The stored preset `id`; `NotFoundError` when there is none. */
async function storedPreset(store: ChatStore, id: string): Promise<Preset> {
  const presets = isId(id) ? await store.presets.listPresets() : [];
  const preset = presets.find((p) => p.id === id);
  if (!preset) throw new NotFoundError("Preset not found");
  return preset;
}
