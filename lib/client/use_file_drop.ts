/**
 * Drag and drop of a file anywhere on the window, for import. Only drags
 * that carry files are taken, so dragging text into the composer still
 * works as usual.
 *
 * @module
 */
import { type Signal, useSignal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes("Files") ?? false;
}

/**
 * Call `onFile` with the first file dropped on the window. The returned
 * signal is true while files are dragged over it (to show a hint).
 */
export function useFileDrop(onFile: (file: File) => void): Signal<boolean> {
  const dragging = useSignal(false);
  const latest = useRef(onFile);
  latest.current = onFile;
  useEffect(() => {
    // dragenter/dragleave fire for every element crossed; count them.
    let depth = 0;
    const enter = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth++;
      dragging.value = true;
    };
    const over = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    };
    const leave = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) dragging.value = false;
    };
    const drop = (e: DragEvent) => {
      if (!carriesFiles(e)) return;
      e.preventDefault();
      depth = 0;
      dragging.value = false;
      const file = e.dataTransfer?.files[0];
      if (file) latest.current(file);
    };
    addEventListener("dragenter", enter);
    addEventListener("dragover", over);
    addEventListener("dragleave", leave);
    addEventListener("drop", drop);
    return () => {
      removeEventListener("dragenter", enter);
      removeEventListener("dragover", over);
      removeEventListener("dragleave", leave);
      removeEventListener("drop", drop);
    };
  }, []);
  return dragging;
}
