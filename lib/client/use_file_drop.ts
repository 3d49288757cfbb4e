/**
 * Drag and drop of files: on the whole window (the sidebar's import), or
 * on one element (the chat, which attaches them). A drop on the element
 * is the element's alone: the window's handler never sees it, so files
 * dropped on the chat are attached and files dropped elsewhere imported.
 * Only drags that carry files are taken, so dragging text into the
 * composer still works as usual.
 *
 * @module
 */
import { type Signal, useSignal } from "@preact/signals";
import type { RefObject } from "preact";
import { useEffect, useRef } from "preact/hooks";

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes("Files") ?? false;
}

/**
 * Call `onFiles` with the files dropped on `target` (by default the
 * window). The returned signal is true while files are dragged over it
 * (to show a hint).
 */
export function useFileDrop(
  onFiles: (files: File[]) => void,
  target?: RefObject<HTMLElement>,
): Signal<boolean> {
  const dragging = useSignal(false);
  const latest = useRef(onFiles);
  latest.current = onFiles;
  useEffect(() => {
    const on: EventTarget = target?.current ?? globalThis;
    // dragenter/dragleave fire for every element crossed; count them.
    let depth = 0;
    const take = (e: DragEvent) => {
      if (!carriesFiles(e)) return false;
      if (target) e.stopPropagation();
      return true;
    };
    const enter = (e: DragEvent) => {
      if (!take(e)) return;
      depth++;
      dragging.value = true;
    };
    const over = (e: DragEvent) => {
      if (!take(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    };
    const leave = (e: DragEvent) => {
      if (!take(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) dragging.value = false;
    };
    const drop = (e: DragEvent) => {
      if (!take(e)) return;
      e.preventDefault();
      depth = 0;
      dragging.value = false;
      const files = [...e.dataTransfer?.files ?? []];
      if (files.length) latest.current(files);
    };
    const events = { dragenter: enter, dragover: over, dragleave: leave, drop };
    for (const [name, fn] of Object.entries(events)) {
      on.addEventListener(name, fn as EventListener);
    }
    return () => {
      for (const [name, fn] of Object.entries(events)) {
        on.removeEventListener(name, fn as EventListener);
      }
    };
  }, []);
  return dragging;
}
