/**
 * The keyboard shortcuts as the help dialog lists them; what the keys do
 * is in shortcuts.ts (on the page from the start; this loads with the
 * dialog). Change both together.
 *
 * @module
 */

/** One line of the shortcut help. */
export interface ShortcutHelpEntry {
  /** Keys pressed together, e.g. `["Ctrl", "K"]`. */
  keys: string[];
  /** What happens. */
  does: string;
}

/** The shortcut help, with `⌘` for Ctrl on Apple keyboards. */
export function shortcutHelp(isApple: boolean): ShortcutHelpEntry[] {
  const mod = isApple ? "⌘" : "Ctrl";
  const shift = isApple ? "⇧" : "Shift";
  return [
    { keys: ["Enter"], does: "Send the message" },
    { keys: [shift, "Enter"], does: "New line in the message" },
    { keys: ["Esc"], does: "Stop the reply" },
    { keys: [mod, "K"], does: "Search conversations" },
    { keys: [mod, shift, "O"], does: "New chat" },
    { keys: [mod, "/"], does: "Show keyboard shortcuts" },
  ];
}
