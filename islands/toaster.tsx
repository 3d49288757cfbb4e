import type { Signal } from "@preact/signals";
import type { Toast } from "../lib/client/toasts.ts";

/** Shows the workspace's toasts (simple version). */
export function Toaster(props: { toasts: Signal<Toast[]> }) {
  return (
    <div class="toast toast-end" role="status" aria-live="polite">
      {props.toasts.value.map((t) => (
        <div key={t.id} class={`alert ${t.kind === "error" ? "alert-error" : "alert-info"}`}>
          {t.text}
        </div>
      ))}
    </div>
  );
}
