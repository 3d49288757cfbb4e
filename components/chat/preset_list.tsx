import { useSignal } from "@preact/signals";
import type { JSX } from "preact";
import type { Preset } from "../../lib/api/mod.ts";

/** Props of {@linkcode PresetList}. */
export interface PresetListProps {
  presets: Preset[];
  /** Resolves true when the preset was renamed. */
  onRename: (id: string, name: string) => Promise<boolean>;
  onDelete: (id: string) => Promise<boolean>;
}

/**
 * The saved presets, each with Rename (in place: Enter saves, Esc cancels)
 * and Delete (asked once more). Part of the settings dialog, which is a
 * form: Enter and Esc here never submit or close it.
 */
export function PresetList(props: PresetListProps) {
  const renaming = useSignal<string | null>(null);
  const name = useSignal("");
  const confirming = useSignal<string | null>(null);
  const busy = useSignal(false);
  if (props.presets.length === 0) return null;

  const run = async (task: () => Promise<boolean>) => {
    busy.value = true;
    try {
      if (await task()) renaming.value = confirming.value = null;
    } finally {
      busy.value = false;
    }
  };
  const rename = (id: string) => {
    const value = name.value.trim();
    if (value) void run(() => props.onRename(id, value));
  };
  const onKeyDown =
    (id: string) => (e: JSX.TargetedKeyboardEvent<HTMLInputElement>) => {
      if (e.key === "Enter") {
        e.preventDefault();
        rename(id);
      } else if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        renaming.value = null;
      }
    };

  return (
    <details class="rounded-box border border-base-300 px-3 py-2" data-presets>
      <summary class="cursor-pointer select-none text-sm font-medium">
        Saved presets ({props.presets.length})
      </summary>
      <ul class="mt-2 flex flex-col gap-1">
        {props.presets.map((p) => (
          <li key={p.id} class="flex min-h-8 items-center gap-1 text-sm">
            {renaming.value === p.id
              ? (
                <>
                  <input
                    class="input input-sm flex-1"
                    aria-label={`New name for the preset “${p.name}”`}
                    value={name.value}
                    maxLength={80}
                    ref={(el) => el?.focus()}
                    onInput={(e) => (name.value = e.currentTarget.value)}
                    onKeyDown={onKeyDown(p.id)}
                  />
                  <button
                    type="button"
                    class="btn btn-primary btn-sm"
                    disabled={busy.value || name.value.trim() === ""}
                    onClick={() =>
                      rename(p.id)}
                  >
                    Save name
                  </button>
                  <button
                    type="button"
                    class="btn btn-ghost btn-sm"
                    onClick={() => (renaming.value = null)}
                  >
                    Cancel
                  </button>
                </>
              )
              : confirming.value === p.id
              ? (
                <>
                  <span class="flex-1" role="alert">Delete “{p.name}”?</span>
                  <button
                    type="button"
                    class="btn btn-error btn-sm"
                    disabled={busy.value}
                    onClick={() =>
                      void run(() => props.onDelete(p.id))}
                  >
                    Delete
                  </button>
                  <button
                    type="button"
                    class="btn btn-ghost btn-sm"
                    onClick={() => (confirming.value = null)}
                  >
                    Keep
                  </button>
                </>
              )
              : (
                <>
                  <span class="min-w-0 flex-1 truncate" title={p.name}>
                    {p.name}
                  </span>
                  <button
                    type="button"
                    class="btn btn-ghost btn-xs"
                    aria-label={`Rename the preset “${p.name}”`}
                    onClick={() => {
                      name.value = p.name;
                      confirming.value = null;
                      renaming.value = p.id;
                    }}
                  >
                    Rename
                  </button>
                  <button
                    type="button"
                    class="btn btn-ghost btn-xs"
                    aria-label={`Delete the preset “${p.name}”`}
                    onClick={() => {
                      renaming.value = null;
                      confirming.value = p.id;
                    }}
                  >
                    Delete
                  </button>
                </>
              )}
          </li>
        ))}
      </ul>
    </details>
  );
}
