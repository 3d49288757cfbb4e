/**
 * The colour theme a person picked, kept in a cookie so that the server
 * renders the page in that theme from the first byte (no flash of the
 * wrong theme). No cookie means "follow the system".
 *
 * @module
 */

/** A theme choice; `system` follows `prefers-color-scheme`. */
export type ThemeChoice = "system" | "light" | "dark";

/** Cookie that holds the choice. */
export const THEME_COOKIE = "theme";

/** The theme named by the request's cookie header, or `system`. */
export function themeFromCookie(cookieHeader: string | null): ThemeChoice {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [name, value] = part.trim().split("=");
    if (name === THEME_COOKIE && (value === "light" || value === "dark")) {
      return value;
    }
  }
  return "system";
}
