/**
 * Parts of a message that few pages show: why a reply failed (with
 * Retry), a reasoning model's thoughts, the "‹ 2 / 3 ›" versions switch,
 * and the note where a row of the file could not be read. Loaded by message_item.tsx before the chat starts when the page
 * shows one, else when a message first needs one.
 *
 * @module
 */
import type { UnreadableRow } from "../../lib/client/chat_types.ts";
import type { MessageItemProps } from "./message_item.tsx";

/**
 * Why a reply failed, once: the server's one-sentence explanation (its
 * first line) in full contrast, the technical details (the lines after)
 * behind a disclosure, and Retry when the reply can be written again.
 */
export function FailedNote(
  props: { error: string | null; onRetry?: () => void },
) {
  const text = props.error ?? "The reply failed.";
  const at = text.indexOf("\n");
  const sentence = at < 0 ? text : text.slice(0, at);
  const details = at < 0 ? "" : text.slice(at + 1).trim();
  return (
    <div
      class="flex w-full flex-col gap-2 rounded-box border-l-4 border-error bg-base-200 px-3 py-2 text-sm text-base-content"
      data-status-note
      role="note"
    >
      <p class="font-medium">{sentence}</p>
      {details && (
        <details class="text-base-content/80">
          <summary class="cursor-pointer select-none">Details</summary>
          <pre class="mt-1 whitespace-pre-wrap break-all font-mono text-xs">{details}</pre>
        </details>
      )}
      {props.onRetry && (
        <div>
          <button
            type="button"
            class="btn btn-sm btn-primary"
            onClick={() => props.onRetry?.()}
          >
            Retry
          </button>
        </div>
      )}
    </div>
  );
}

/**
 * What a reasoning model thought before answering: open while it thinks,
 * closed once the answer starts (a click opens it again).
 */
export function Reasoning(props: { text: string; thinking: boolean }) {
  return (
    <details
      class="w-full rounded-box bg-base-200 px-3 py-2 text-sm"
      open={props.thinking}
      data-reasoning
    >
      <summary class="cursor-pointer select-none text-base-content/80">
        {props.thinking ? "Thinking…" : "Thoughts"}
      </summary>
      <div class="mt-2 whitespace-pre-wrap break-words text-base-content/80">
        {props.text}
      </div>
    </details>
  );
}

/**
 * "‹ 2 / 3 ›": flips between the versions of a message (edits, regenerated
 * replies). Plain buttons, so the keyboard reaches them; the chat announces
 * the version shown.
 */
export function Versions(props: MessageItemProps) {
  const { message } = props;
  const ids = message.siblingIds;
  if (!ids || ids.length < 2) return null;
  const index = ids.indexOf(message.id);
  const disabled = props.canSwitch === false;
  return (
    <nav
      class="flex items-center gap-1 text-xs text-base-content/80"
      aria-label={`Versions of this message: ${index + 1} of ${ids.length}`}
      data-versions
    >
      <button
        type="button"
        class="btn btn-ghost btn-xs"
        aria-label="Previous version"
        disabled={disabled || index <= 0}
        onClick={() => props.actions.showVersion(message, -1)}
      >
        ‹
      </button>
      <span data-version>{index + 1} / {ids.length}</span>
      <button
        type="button"
        class="btn btn-ghost btn-xs"
        aria-label="Next version"
        disabled={disabled || index >= ids.length - 1}
        onClick={() => props.actions.showVersion(message, 1)}
      >
        ›
      </button>
    </nav>
  );
}

/**
 * Stands where a row of the conversation's file could not be read, so a
 * damaged message shows as a gap the person can see, not as silence.
 */
export function UnreadableRowNote({ row }: { row: UnreadableRow }) {
  return (
    <div
      role="note"
      class="alert alert-warning alert-soft text-sm"
      data-unreadable-row
    >
      This row could not be read ({row.file}
      {row.line ? `, line ${row.line}` : ""}). Correct it in the file with a
      text editor and reload; the other messages are not affected.
    </div>
  );
}
