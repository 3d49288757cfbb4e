import type { Signal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import type { Preset } from "../../lib/api/mod.ts";
import { api } from "../../lib/client/conversation_api.ts";
import type { ChatModel } from "../../lib/client/chat_model.ts";
import { PresetsModel } from "../../lib/client/presets_model.ts";
import type { Toast } from "../../lib/client/toasts.ts";
import { SettingsModal } from "./settings_modal.tsx";

/** Props of {@linkcode SettingsDialog}. */
export interface SettingsDialogProps {
  model: ChatModel;
  /** The presets the composer's picker shows; kept in step here. */
  presets: Signal<Preset[]>;
  toasts: Signal<Toast[]>;
  open: Signal<boolean>;
}

/**
 * The chat's settings dialog wired to its model and the presets: loaded
 * (with the presets' model) the first time Settings is opened, not with
 * the page.
 */
export function SettingsDialog(props: SettingsDialogProps) {
  const { model, open } = props;
  const presets = useMemo(
    () => new PresetsModel(props.toasts, { api, list: props.presets }),
    [],
  );
  const conversation = model.conversation.value;
  // A new chat shows what a preset picked for it (saved with it).
  const shown = conversation ?? model.pending;
  return (
    <SettingsModal
      open={open.value}
      systemPrompt={shown.systemPrompt ?? ""}
      temperature={shown.temperature ?? null}
      maxOutputTokens={conversation?.maxOutputTokens ?? null}
      messages={model.messages.value}
      onSave={async (values) => {
        if (await model.saveSettings(values)) open.value = false;
      }}
      onSavePreset={(values) =>
        void presets.create({ ...values, model: model.model.peek() })}
      presets={presets.list.value}
      onRenamePreset={(id, name) => presets.rename(id, name)}
      onDeletePreset={(id) => presets.remove(id)}
      onClose={() => (open.value = false)}
    />
  );
}
