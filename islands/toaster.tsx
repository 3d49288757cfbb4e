import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { lazy } from "../lib/client/lazy.ts";
import type { Toast } from "../lib/client/toasts.ts";

/** A toast's look and timer (components/toast_item.tsx). */
type Item = typeof import("../components/toast_item.tsx");

/** Loaded with the page's first toast; after a network drop, tried again. */
const loadItem = lazy(() => import("../components/toast_item.tsx"));

/** Space kept between the toasts and the composer, in pixels. */
const GAP = 8;

/**
 * Keep the toasts above the composer area (`[data-composer-area]`: the
 * message box with Send/Stop and "Jump to latest"), so that a toast never
 * hides a control. The area grows with the text typed; it is measured
 * again whenever it or the window changes size.
 */
function useAboveComposer(
  ref: { current: HTMLElement | null },
  toasts: Signal<Toast[]>,
) {
  useEffect(() => {
    const place = () => {
      const area = document.querySelector("[data-composer-area]");
      const el = ref.current;
      if (!el) return;
      const top = area?.getBoundingClientRect().top;
      el.style.bottom = top === undefined
        ? ""
        : `${Math.max(0, globalThis.innerHeight - top + GAP)}px`;
    };
    const area = document.querySelector("[data-composer-area]");
    const observer = new ResizeObserver(place);
    if (area) observer.observe(area);
    globalThis.addEventListener("resize", place);
    const stop = toasts.subscribe(place);
    return () => {
      stop();
      observer.disconnect();
      globalThis.removeEventListener("resize", place);
    };
  }, []);
}

/**
 * Shows the page's toasts (any island adds them with `showToast`) in the
 * corner above the composer: errors are announced at once, the rest
 * politely; each goes away after its `timeoutMs` unless hovered or
 * focused, or when closed.
 */
export function Toaster(props: { toasts: Signal<Toast[]> }) {
  const ref = useRef<HTMLDivElement>(null);
  const item = useSignal<Item | null>(null);
  useAboveComposer(ref, props.toasts);
  const list = props.toasts.value;
  if (list.length && !item.value) {
    // Loaded with the page's first toast (most pages show none); after a
    // network drop, the next toast tries again.
    loadItem().then((m) => (item.value = m)).catch(() => {});
  }
  const ToastItem = item.value?.ToastItem;
  return (
    <div
      ref={ref}
      class="toast toast-end toast-bottom z-50 w-full items-end sm:w-auto"
      data-toaster
    >
      {ToastItem &&
        list.map((toast) => (
          <ToastItem key={toast.id} toast={toast} toasts={props.toasts} />
        ))}
    </div>
  );
}
