import { assertEquals } from "@std/assert";
import {
  isApplePlatform,
  type KeyPress,
  shortcutFor,
} from "../../lib/client/shortcuts.ts";
import { shortcutHelp } from "../../lib/client/shortcut_help.ts";

function press(key: string, mods: Partial<KeyPress> = {}): KeyPress {
  return {
    key,
    ctrlKey: false,
    metaKey: false,
    shiftKey: false,
    altKey: false,
    ...mods,
  };
}

Deno.test("Shortcuts - Ctrl or Cmd + K searches", () => {
  assertEquals(shortcutFor(press("k", { ctrlKey: true })), "search");
  assertEquals(shortcutFor(press("k", { metaKey: true })), "search");
  assertEquals(shortcutFor(press("K", { ctrlKey: true })), "search");
  assertEquals(shortcutFor(press("k")), null);
  assertEquals(shortcutFor(press("k", { ctrlKey: true, altKey: true })), null);
  assertEquals(
    shortcutFor(press("k", { ctrlKey: true, shiftKey: true })),
    null,
  );
});

Deno.test("Shortcuts - Ctrl or Cmd + Shift + O starts a new chat", () => {
  assertEquals(
    shortcutFor(press("O", { ctrlKey: true, shiftKey: true })),
    "new-chat",
  );
  assertEquals(
    shortcutFor(press("o", { metaKey: true, shiftKey: true })),
    "new-chat",
  );
  // Another keyboard layout: the key is another letter, the code is KeyO.
  assertEquals(
    shortcutFor(press("Ø", { code: "KeyO", ctrlKey: true, shiftKey: true })),
    "new-chat",
  );
  assertEquals(shortcutFor(press("o", { ctrlKey: true })), null);
  assertEquals(shortcutFor(press("O", { shiftKey: true })), null);
});

Deno.test("Shortcuts - Ctrl or Cmd + / shows the help; plain keys do nothing", () => {
  assertEquals(shortcutFor(press("/", { ctrlKey: true })), "help");
  assertEquals(shortcutFor(press("/")), null);
  assertEquals(shortcutFor(press("Enter")), null);
  assertEquals(shortcutFor(press("Escape", { ctrlKey: true })), null);
});

Deno.test("Shortcuts - help lists every shortcut, with Apple key names on Macs", () => {
  const pc = shortcutHelp(false);
  const mac = shortcutHelp(true);
  assertEquals(pc.map((e) => e.keys.join("+")), [
    "Enter",
    "Shift+Enter",
    "Esc",
    "Ctrl+K",
    "Ctrl+Shift+O",
    "Ctrl+/",
  ]);
  assertEquals(mac.map((e) => e.keys.join("+"))[3], "⌘+K");
  assertEquals(mac.map((e) => e.keys.join("+"))[4], "⌘+⇧+O");
  assertEquals(pc.map((e) => e.does), mac.map((e) => e.does));
});

Deno.test("Shortcuts - Apple platform detection", () => {
  assertEquals(isApplePlatform({ platform: "MacIntel" }), true);
  assertEquals(
    isApplePlatform({ userAgent: "Mozilla/5.0 (iPhone; CPU…)" }),
    true,
  );
  assertEquals(isApplePlatform({ platform: "Linux x86_64" }), false);
  assertEquals(isApplePlatform(undefined), false);
});
