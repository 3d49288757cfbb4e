/** A conversation as the sidebar shows it. */
export interface SidebarItem {
  id: string;
  title: string;
  pinned: boolean;
}

/** Props of the sidebar. */
export interface SidebarProps {
  items: SidebarItem[];
  /** Id of the open conversation, highlighted. */
  activeId?: string;
}

/** New-chat button and the list of conversations, rendered on the server. */
export function Sidebar({ items, activeId }: SidebarProps) {
  return (
    <>
      <a href="/" class="btn btn-primary btn-block justify-start gap-2">
        <span aria-hidden="true" class="text-lg leading-none">+</span> New chat
      </a>
      {items.length === 0
        ? (
          <p class="px-2 py-6 text-sm text-base-content/70">
            No conversations yet. Start one with “New chat”.
          </p>
        )
        : (
          <ul class="menu w-full p-0">
            {items.map((item) => (
              <li key={item.id}>
                <a
                  href={`/c/${item.id}`}
                  class={item.id === activeId ? "menu-active" : undefined}
                  aria-current={item.id === activeId ? "page" : undefined}
                >
                  <span class="truncate">
                    {item.title || "New conversation"}
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
    </>
  );
}
