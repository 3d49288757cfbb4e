import { AppShell } from "../components/app_shell.tsx";
import { Sidebar } from "../components/sidebar.tsx";
import { themeFromCookie } from "../lib/theme.ts";
import { define } from "../utils.ts";

const EXAMPLES = [
  "Explain how HTTP streaming works, with a small example",
  "Write a haiku about version control",
  "Compare CSV and JSON for storing chat history",
];

/** The workspace: sidebar and an empty state with example prompts. */
export default define.page(function Home({ req }) {
  return (
    <AppShell
      theme={themeFromCookie(req.headers.get("cookie"))}
      sidebar={<Sidebar items={[]} />}
    >
      <section class="mx-auto flex w-full max-w-2xl flex-1 flex-col items-center justify-center gap-6 p-6 text-center">
        <h1 class="text-3xl font-bold">What can I help with?</h1>
        <p class="text-base-content/70">
          Start a conversation. Everything you write stays on this server, in
          plain CSV files.
        </p>
        <ul class="grid w-full gap-2 sm:grid-cols-3">
          {EXAMPLES.map((text) => (
            <li
              key={text}
              class="card card-border bg-base-100 p-4 text-left text-sm"
            >
              {text}
            </li>
          ))}
        </ul>
      </section>
    </AppShell>
  );
});
