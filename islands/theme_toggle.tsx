import { useSignal } from "@preact/signals";
import type { ThemeChoice } from "../lib/theme.ts";

const LABELS: Record<ThemeChoice, string> = {
  system: "System theme",
  light: "Light theme",
  dark: "Dark theme",
};
const NEXT: Record<ThemeChoice, ThemeChoice> = {
  system: "light",
  light: "dark",
  dark: "system",
};
const ICONS: Record<ThemeChoice, string> = {
  system: "◐",
  light: "☀",
  dark: "☾",
};

/** Applies a choice to the page and remembers it for the next visit. */
function applyTheme(choice: ThemeChoice) {
  const root = document.documentElement;
  const maxAge = choice === "system" ? 0 : 60 * 60 * 24 * 365;
  document.cookie = `theme=${choice}; path=/; max-age=${maxAge}; samesite=lax`;
  if (choice === "system") delete root.dataset.theme;
  else root.dataset.theme = choice;
}

/** Cycles system → light → dark; the server renders the saved choice. */
export default function ThemeToggle(props: { initial: ThemeChoice }) {
  const theme = useSignal<ThemeChoice>(props.initial);
  const next = NEXT[theme.value];
  return (
    <button
      type="button"
      class="btn btn-ghost btn-square"
      data-theme-choice={theme.value}
      aria-label={`${LABELS[theme.value]} (switch to ${
        LABELS[next].toLowerCase()
      })`}
      title={`${LABELS[theme.value]} — click for ${LABELS[next].toLowerCase()}`}
      onClick={() => {
        theme.value = next;
        applyTheme(next);
      }}
    >
      <span aria-hidden="true" class="text-lg">{ICONS[theme.value]}</span>
    </button>
  );
}
