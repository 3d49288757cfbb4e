import { useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { conversationUsage, usageText } from "../../lib/client/usage.ts";
import type { Message, Preset } from "../../lib/api/mod.ts";
import { PresetList, type PresetListProps } from "./preset_list.tsx";

/** Props of the per-conversation settings dialog. */
export interface SettingsModalProps {
  open: boolean;
  systemPrompt: string;
  temperature: number | null;
  /** Longest reply in tokens; null for the model's own limit. */
  maxOutputTokens?: number | null;
  /** The conversation's messages: their token usage is summed up here. */
  messages?: readonly Message[];
  onSave: (
    values: {
      systemPrompt: string;
      temperature: number | null;
      maxOutputTokens: number | null;
    },
  ) => void;
  onClose: () => void;
  /** Save these settings (and the model picked) under a name. */
  onSavePreset?: (
    values: { name: string; systemPrompt: string; temperature: number | null },
  ) => void;
  /** The saved presets, to rename or delete. */
  presets?: Preset[];
  onRenamePreset?: PresetListProps["onRename"];
  onDeletePreset?: PresetListProps["onDelete"];
}

/** System prompt and temperature of one conversation, in a modal dialog. */
export function SettingsModal(props: SettingsModalProps) {
  const dialog = useRef<HTMLDialogElement>(null);
  const prompt = useSignal(props.systemPrompt);
  const temperature = useSignal(
    props.temperature === null ? "" : String(props.temperature),
  );
  const maxTokens = useSignal(String(props.maxOutputTokens ?? ""));
  const error = useSignal("");
  const presetName = useSignal("");
  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (props.open && !el.open) {
      prompt.value = props.systemPrompt;
      temperature.value = props.temperature === null
        ? ""
        : String(props.temperature);
      maxTokens.value = String(props.maxOutputTokens ?? "");
      error.value = "";
      el.showModal();
    } else if (!props.open && el.open) el.close();
  }, [props.open]);
  /** The fields' values, or null (and a message) when one is invalid. */
  const read = () => {
    const raw = temperature.value.trim();
    const value = raw === "" ? null : Number(raw);
    if (value !== null && (!Number.isFinite(value) || value < 0 || value > 2)) {
      error.value =
        "Temperature must be a number from 0 to 2, or empty for the model's default.";
      return null;
    }
    const rawMax = maxTokens.value.trim();
    const max = rawMax === "" ? null : Number(rawMax);
    if (max !== null && (!Number.isSafeInteger(max) || max < 1 || max > 1e6)) {
      error.value =
        "Longest reply must be a whole number of tokens from 1 to 1000000, or empty for the model's own limit.";
      return null;
    }
    return {
      systemPrompt: prompt.value,
      temperature: value,
      maxOutputTokens: max,
    };
  };
  return (
    <dialog
      ref={dialog}
      class="modal"
      aria-labelledby="settings-title"
      onClose={props.onClose}
    >
      <form
        method="dialog"
        class="modal-box flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          const values = read();
          if (values) props.onSave(values);
        }}
      >
        <h2 id="settings-title" class="text-lg font-semibold">
          Conversation settings
        </h2>
        <label class="flex flex-col gap-1">
          <span class="text-sm font-medium">System prompt</span>
          <textarea
            class="textarea h-32 w-full"
            value={prompt.value}
            onInput={(e) => (prompt.value = e.currentTarget.value)}
            placeholder="How the assistant should behave in this conversation"
          />
        </label>
        <label class="flex flex-col gap-1">
          <span class="text-sm font-medium">
            Temperature (0–2, empty for default)
          </span>
          <input
            class="input w-full"
            inputMode="decimal"
            value={temperature.value}
            onInput={(e) => (temperature.value = e.currentTarget.value)}
          />
        </label>
        <label class="flex flex-col gap-1">
          <span class="text-sm font-medium">
            Longest reply (tokens, empty for the model's limit)
          </span>
          <input
            class="input w-full"
            inputMode="numeric"
            name="maxOutputTokens"
            value={maxTokens.value}
            onInput={(e) => (maxTokens.value = e.currentTarget.value)}
          />
        </label>
        {props.messages && (
          <p class="text-sm text-base-content/80" data-usage>
            <span class="font-medium text-base-content">Token usage:</span>{" "}
            {usageText(conversationUsage(props.messages))}
          </p>
        )}
        {error.value && (
          <p class="text-sm text-error" role="alert">{error.value}</p>
        )}
        {props.onSavePreset && (
          <div class="flex items-end gap-2">
            <label class="flex flex-1 flex-col gap-1">
              <span class="text-sm font-medium">
                Save as a preset for new chats (with the model)
              </span>
              <input
                class="input w-full"
                placeholder="Preset name"
                value={presetName.value}
                onInput={(e) => (presetName.value = e.currentTarget.value)}
              />
            </label>
            <button
              type="button"
              class="btn"
              disabled={presetName.value.trim() === ""}
              onClick={() => {
                const values = read();
                if (!values) return;
                // A preset keeps the model, prompt and temperature.
                const { maxOutputTokens: _, ...kept } = values;
                props.onSavePreset?.({
                  ...kept,
                  name: presetName.value.trim(),
                });
                presetName.value = "";
              }}
            >
              Save preset
            </button>
          </div>
        )}
        {props.presets && props.onRenamePreset && props.onDeletePreset && (
          <PresetList
            presets={props.presets}
            onRename={props.onRenamePreset}
            onDelete={props.onDeletePreset}
          />
        )}
        <div class="modal-action">
          <button type="button" class="btn btn-ghost" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary">Save</button>
        </div>
      </form>
    </dialog>
  );
}
