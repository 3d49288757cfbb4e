import type { Signal } from "@preact/signals";
import type { ComponentType } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { Preset } from "../../lib/api/mod.ts";
import type { AttachmentTray } from "../../lib/client/attachments_model.ts";
import type { ModelOption } from "../../lib/client/chat_types.ts";
import { Icon } from "../icons.tsx";

/** Props of the message box at the bottom of the chat. */
export interface ComposerProps {
  draft: Signal<string>;
  model: Signal<string>;
  models: ModelOption[];
  busy: boolean;
  onSend: () => void;
  onStop: () => void;
  onModelChange: (id: string) => void;
  /** The picker is about to be used: a chance to refresh the list. */
  onModelsWanted?: () => void;
  onOpenSettings?: () => void;
  /** Presets a new chat can start from (none once it has started). */
  presets?: Preset[];
  onPreset?: (preset: Preset) => void;
  /** The conversation has a system prompt: the settings button says so. */
  hasSystemPrompt?: boolean;
  textareaRef: { current: HTMLTextAreaElement | null };
  /** Files to send with the message; null until one is added. */
  tray: AttachmentTray | null;
  /** Shows the tray's files (loaded with it). */
  Pending:
    | ComponentType<{ tray: AttachmentTray; model?: ModelOption }>
    | null;
  /** Files picked or pasted. */
  onAttach: (files: File[]) => void;
}

function autosize(el: HTMLTextAreaElement) {
  el.style.height = "auto";
  el.style.height = `${Math.min(el.scrollHeight, 320)}px`;
}

/** Autosizing textarea; Enter sends, Shift+Enter adds a line. */
export function Composer(props: ComposerProps) {
  const { tray, Pending } = props;
  const empty = props.draft.value.trim() === "" && !tray?.chips.value.length;
  const fileRef = useRef<HTMLInputElement>(null);
  // Typed, restored or cleared: the box fits its text.
  useLayoutEffect(() => {
    if (props.textareaRef.current) autosize(props.textareaRef.current);
  }, [props.draft.value]);
  return (
    <form
      class="composer-box"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSend();
      }}
    >
      {tray && Pending && (
        <Pending
          tray={tray}
          model={props.models.find((m) => m.id === props.model.value)}
        />
      )}
      <label for="composer" class="sr-only">Message</label>
      <textarea
        id="composer"
        ref={props.textareaRef}
        rows={1}
        class="textarea textarea-ghost w-full resize-none border-0 text-base focus:outline-none"
        placeholder="Send a message…  (Enter to send, Shift+Enter for a new line)"
        value={props.draft.value}
        onInput={(e) => props.draft.value = e.currentTarget.value}
        onPaste={(e) => {
          // Pasted text stays text (spreadsheets also put a picture of it
          // on the clipboard); pasted images and files are attached.
          const data = e.clipboardData;
          if (!data?.files.length || data.getData("text/plain")) return;
          e.preventDefault();
          props.onAttach([...data.files]);
        }}
        onKeyDown={(e) => {
          if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            if (!props.busy) props.onSend();
          }
        }}
      />
      <div class="flex items-center gap-2">
        <button
          type="button"
          class="btn btn-ghost btn-sm btn-square"
          aria-label="Attach files"
          title="Attach files"
          onClick={() => fileRef.current?.click()}
        >
          <Icon name="clip" class="size-5" />
        </button>
        <input
          ref={fileRef}
          type="file"
          multiple
          hidden
          tabIndex={-1}
          data-attach-input
          onChange={(e) => {
            const input = e.currentTarget;
            props.onAttach([...input.files ?? []]);
            input.value = ""; // the same file can be picked again
          }}
        />
        <label class="sr-only" for="model-picker">Model</label>
        <select
          id="model-picker"
          class="select select-sm select-ghost w-auto max-w-[50%]"
          value={props.model.value}
          onChange={(e) => props.onModelChange(e.currentTarget.value)}
          onFocus={props.onModelsWanted}
          onPointerDown={props.onModelsWanted}
        >
          {props.models.map((m) => (
            <option key={m.id} value={m.id}>
              {m.name} ({m.providerLabel})
            </option>
          ))}
        </select>
        {props.presets && props.presets.length > 0 && (
          <>
            <label class="sr-only" for="preset-picker">Preset</label>
            <select
              id="preset-picker"
              class="select select-sm select-ghost w-auto max-w-[40%]"
              onChange={(e) => {
                const id = e.currentTarget.value;
                const preset = props.presets?.find((p) => p.id === id);
                if (preset) props.onPreset?.(preset);
              }}
            >
              <option value="">No preset</option>
              {props.presets.map((p) => (
                <option key={p.id} value={p.id}>{p.name}</option>
              ))}
            </select>
          </>
        )}
        {props.onOpenSettings && (
          <button
            type="button"
            class="btn btn-ghost btn-sm"
            onClick={props.onOpenSettings}
            data-settings
          >
            Settings
          </button>
        )}
        {props.hasSystemPrompt && (
          <span
            class="rounded-full bg-base-200 px-2 py-0.5 text-xs text-base-content"
            title="This conversation has a system prompt (see Settings)"
            data-system-prompt
          >
            System prompt
          </span>
        )}
        <span class="flex-1" />
        {props.busy
          ? (
            <button
              type="button"
              class="btn btn-sm btn-error"
              onClick={props.onStop}
              aria-keyshortcuts="Escape"
            >
              Stop
            </button>
          )
          : (
            <button
              type="submit"
              class="btn btn-sm btn-primary"
              disabled={empty}
            >
              Send
            </button>
          )}
      </div>
    </form>
  );
}
