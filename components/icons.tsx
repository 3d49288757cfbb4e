/**
 * Icons drawn once per page: the page carries one hidden sprite of
 * `<symbol>`s ({@linkcode IconSprite}, in the app shell) and each icon is a
 * `<use>` of it, so a list of 50 rows or 100 messages does not repeat the
 * same path data (and the islands' code does not carry it either).
 *
 * @module
 */

/** Path data of every icon, drawn with the text colour. */
const PATHS = {
  plus: "M12 5v14M5 12h14",
  search: "M11 19a8 8 0 1 1 0-16 8 8 0 0 1 0 16zM21 21l-4.3-4.3",
  dots: "M5 12h.01M12 12h.01M19 12h.01",
  pin: "M12 17v5M9 3h6l-1 7 4 3v2H6v-2l4-3-1-7z",
  edit: "M4 20h4L19 9l-4-4L4 16v4zM14 6l4 4",
  download: "M12 3v12M7 10l5 5 5-5M5 21h14",
  trash: "M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3",
  upload: "M12 21V9M7 14l5-5 5 5M5 3h14",
  keyboard: "M3 6h18v12H3zM7 10h.01M11 10h.01M15 10h.01M7 14h10",
  menu: "M4 6h16M4 12h16M4 18h16",
  clip:
    "M21 11.5l-8.5 8.5a5 5 0 0 1-7-7l9-9a3.5 3.5 0 0 1 5 5l-9 9a2 2 0 0 1-3-3l8-8",
} as const;

/** The name of an icon of the sprite. */
export type IconName = keyof typeof PATHS;

/**
 * A small icon in the text colour (16 px unless `class` sizes it; the
 * stroke style is the `icon` class's); hidden from screen readers, so the
 * control around it needs a label.
 */
export function Icon(props: { name: IconName; class?: string }) {
  return (
    <svg
      aria-hidden="true"
      class={props.class ? `icon ${props.class}` : "icon"}
    >
      <use href={`#i-${props.name}`} />
    </svg>
  );
}

/** The symbols every {@linkcode Icon} of the page refers to; once a page. */
export function IconSprite() {
  return (
    <svg aria-hidden="true" class="hidden">
      {Object.entries(PATHS).map(([name, d]) => (
        <symbol key={name} id={`i-${name}`} viewBox="0 0 24 24">
          <path d={d} />
        </symbol>
      ))}
    </svg>
  );
}
