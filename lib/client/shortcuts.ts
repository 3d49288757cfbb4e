/**
 * The workspace's keyboard shortcuts: which key press means what. The
 * list the help dialog shows is in shortcut_help.ts (loaded with the
 * dialog); change both together.
 *
 * @module
 */

/** Something a global shortcut does. */
export type ShortcutAction = "search" | "new-chat" | "help";

/** The parts of a `KeyboardEvent` a shortcut depends on. */
export interface KeyPress {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/**
 * The global action a key press asks for, or null. Ctrl and Cmd both
 * count as the modifier, so one table serves every platform.
 */
export function shortcutFor(event: KeyPress): ShortcutAction | null {
  const mod = event.ctrlKey || event.metaKey;
  if (!mod || event.altKey) return null;
  const key = event.key.toLowerCase();
  if (!event.shiftKey && key === "k") return "search";
  if (event.shiftKey && (key === "o" || event.code === "KeyO")) {
    return "new-chat";
  }
  if (key === "/") return "help";
  return null;
}

/** Whether the browser runs on an Apple platform (for key names). */
export function isApplePlatform(
  navigator?: { platform?: string; userAgent?: string },
): boolean {
  const text = `${navigator?.platform ?? ""} ${navigator?.userAgent ?? ""}`;
  return /Mac|iPhone|iPad|iPod/.test(text);
}
