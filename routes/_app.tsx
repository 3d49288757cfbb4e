import { asset } from "fresh/runtime";
import { themeFromCookie } from "../lib/theme.ts";
import { define } from "../utils.ts";

/** The HTML document around every page; the theme comes from a cookie. */
export default define.page(function App({ Component, req, state }) {
  const theme = themeFromCookie(req.headers.get("cookie"));
  return (
    <html lang="en" data-theme={theme === "system" ? undefined : theme}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>
          {state.title ? `${state.title} · LiveAiChat` : "LiveAiChat"}
        </title>
        <link rel="icon" href={asset("/favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={asset("/styles.css")} />
      </head>
      <body class="min-h-dvh bg-base-100 text-base-content">
        <Component />
      </body>
    </html>
  );
});
