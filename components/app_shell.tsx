import type { ComponentChildren } from "preact";
import { Icon, IconSprite } from "./icons.tsx";
import ThemeToggle from "../islands/theme_toggle.tsx";
import type { ThemeChoice } from "../lib/theme.ts";

/** Props of the page frame. */
export interface AppShellProps {
  theme: ThemeChoice;
  /** Show "Log out" (a password protects the workspace). */
  canLogOut?: boolean;
  /** The sidebar's content (conversation list). */
  sidebar: ComponentChildren;
  children: ComponentChildren;
}

/**
 * Navbar, a sidebar that is a drawer under 1024 px and always open above,
 * and the main area. Works without JavaScript: the drawer is a checkbox.
 */
export function AppShell(props: AppShellProps) {
  return (
    <div class="drawer lg:drawer-open">
      <IconSprite />
      <input id="sidebar-toggle" type="checkbox" class="drawer-toggle" />
      <div class="drawer-content flex min-h-dvh flex-col">
        <header class="navbar sticky top-0 z-10 gap-2 border-b border-base-300 bg-base-100/90 backdrop-blur">
          <label
            for="sidebar-toggle"
            class="btn btn-ghost btn-square lg:hidden"
            aria-label="Open conversations"
          >
            <Icon name="menu" class="h-5 w-5" />
          </label>
          <a href="/" class="flex-1 px-2 text-lg font-semibold">LiveAiChat</a>
          <ThemeToggle initial={props.theme} />
          {props.canLogOut && (
            <form method="post" action="/logout">
              <button type="submit" class="btn btn-ghost btn-sm">
                Log out
              </button>
            </form>
          )}
        </header>
        <main id="main" class="flex flex-1 flex-col">{props.children}</main>
      </div>
      <div class="drawer-side z-20">
        <label
          for="sidebar-toggle"
          aria-label="Close conversations"
          class="drawer-overlay"
        >
        </label>
        <nav
          aria-label="Conversations"
          class="flex min-h-full w-72 flex-col gap-2 border-r border-base-300 bg-base-200 p-3"
        >
          {props.sidebar}
        </nav>
      </div>
    </div>
  );
}
