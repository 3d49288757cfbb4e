import type { DamageNotice } from "../lib/api/mod.ts";

/** Most notices shown at once; the rest are counted. */
const MAX_NOTICES = 5;

/**
 * Tells the person, where they are looking, that a data file is damaged:
 * which file and line, that the rest was kept, and how to repair it.
 * Rendered on the server; nothing when all files read cleanly.
 */
export function DamageBanner({ notices }: { notices: DamageNotice[] }) {
  if (notices.length === 0) return null;
  const shown = notices.slice(0, MAX_NOTICES);
  return (
    <div
      role="alert"
      class="alert alert-warning mx-auto mt-3 w-full max-w-3xl items-start"
      data-damage-banner
    >
      <div class="flex flex-col gap-1">
        <strong>Part of your history could not be read</strong>
        {shown.map((n) => (
          <p key={`${n.file}:${n.line}`} data-damage-notice>
            <code>{n.file}</code>
            {n.line ? `, line ${n.line}` : ""}: {n.reason}. {n.advice}
          </p>
        ))}
        {notices.length > shown.length && (
          <p>…and {notices.length - shown.length} more (see the server log).</p>
        )}
      </div>
    </div>
  );
}
