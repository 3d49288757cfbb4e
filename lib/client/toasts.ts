/**
 * Toasts: short notices shown at the corner of the screen. Islands share
 * one `Signal<Toast[]>` (created by the page, passed to every island that
 * needs it) so that any island can show one and the Toaster renders them.
 *
 * @module
 */
import type { Signal } from "@preact/signals";

/** One notice. `action` is created in the browser, never serialized. */
export interface Toast {
  id: number;
  kind: "info" | "success" | "error";
  text: string;
  /** An optional button, e.g. "Undo". */
  action?: { label: string; run: () => void };
  /** Milliseconds before it goes away by itself; 0 keeps it. */
  timeoutMs?: number;
}

let nextId = 1;

/** Show a toast; returns its id so that it can be dismissed. */
export function showToast(
  toasts: Signal<Toast[]>,
  toast: Omit<Toast, "id">,
): number {
  const id = nextId++;
  toasts.value = [...toasts.value, { timeoutMs: 5000, ...toast, id }];
  return id;
}

/** Remove a toast. */
export function dismissToast(toasts: Signal<Toast[]>, id: number): void {
  toasts.value = toasts.value.filter((t) => t.id !== id);
}
