/**
 * One toast: its text, its button (e.g. Undo) and a close button; it
 * goes away after its `timeoutMs` unless hovered or focused. Loaded with
 * the page's first toast (most pages show none), not with the page.
 *
 * @module
 */
import type { Signal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { dismissToast, type Toast } from "../lib/client/toasts.ts";

const KIND_CLASS: Record<Toast["kind"], string> = {
  info: "alert-info",
  success: "alert-success",
  error: "alert-error",
};

/**
 * A timer that can be paused: while the pointer or focus is on a toast
 * it stays, so that there is time to read it or reach its button.
 */
function useDismissTimer(
  timeoutMs: number | undefined,
  onDone: () => void,
): { pause(): void; resume(): void } {
  const state = useRef({
    left: timeoutMs ?? 0,
    started: 0,
    timer: 0 as ReturnType<typeof setTimeout> | 0,
  });
  const controls = useRef({
    pause() {
      const s = state.current;
      if (!s.timer) return;
      clearTimeout(s.timer);
      s.timer = 0;
      s.left = Math.max(0, s.left - (Date.now() - s.started));
    },
    resume() {
      const s = state.current;
      if (s.timer || !(timeoutMs && timeoutMs > 0)) return;
      s.started = Date.now();
      s.timer = setTimeout(() => onDone(), s.left);
    },
  });
  useEffect(() => {
    controls.current.resume();
    return () => controls.current.pause();
  }, []);
  return controls.current;
}

/** One toast of the Toaster. */
export function ToastItem(props: { toast: Toast; toasts: Signal<Toast[]> }) {
  const { toast, toasts } = props;
  const dismiss = () => dismissToast(toasts, toast.id);
  const timer = useDismissTimer(toast.timeoutMs, dismiss);
  const isError = toast.kind === "error";
  return (
    <div
      class={`alert ${
        KIND_CLASS[toast.kind]
      } w-full max-w-sm items-start text-sm shadow-lg sm:max-w-md`}
      role={isError ? "alert" : "status"}
      aria-live={isError ? "assertive" : "polite"}
      aria-atomic="true"
      data-toast-kind={toast.kind}
      onMouseEnter={timer.pause}
      onMouseLeave={timer.resume}
      onFocusIn={timer.pause}
      onFocusOut={timer.resume}
    >
      <span class="min-w-0 flex-1 whitespace-normal break-words">
        {toast.text}
      </span>
      <div class="flex shrink-0 items-center gap-1">
        {toast.action && (
          <button
            type="button"
            class="btn btn-sm"
            onClick={() => {
              dismiss();
              toast.action?.run();
            }}
          >
            {toast.action.label}
          </button>
        )}
        <button
          type="button"
          class="btn btn-ghost btn-sm btn-square"
          aria-label="Dismiss notification"
          onClick={dismiss}
        >
          <span aria-hidden="true">✕</span>
        </button>
      </div>
    </div>
  );
}
