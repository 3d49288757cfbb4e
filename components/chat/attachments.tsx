import {
  type Attachment,
  attachmentUrl,
  formatBytes,
} from "../../lib/api/attachments.ts";
import { thumbnailSize } from "../../lib/client/attachments.ts";

/** "notes.txt" and "2 KB" side by side; the name shortens, never the page. */
export function NameAndSize(props: { name: string; size: number }) {
  return (
    <>
      <span class="min-w-0 truncate" data-attachment-name>{props.name}</span>
      <span class="shrink-0 text-xs text-base-content/80">
        {formatBytes(props.size)}
      </span>
    </>
  );
}

/**
 * "×": takes the file named `name` out; the focus goes to the text box of
 * its form (the button it was on is gone).
 */
export function RemoveButton(props: { name: string; onRemove: () => void }) {
  return (
    <button
      type="button"
      class="btn btn-ghost btn-xs btn-circle shrink-0"
      aria-label={`Remove ${props.name}`}
      title={`Remove ${props.name}`}
      onClick={(e) => {
        const form = e.currentTarget.closest("form");
        props.onRemove();
        form?.querySelector("textarea")?.focus();
      }}
    >
      ×
    </button>
  );
}

/**
 * The files of a message: images as small thumbnails, other files as
 * chips; each links to the stored file. With `onRemove` (editing a
 * message) each gets a remove button instead.
 */
export function MessageAttachments(
  props: {
    attachments: Attachment[];
    conversationId: string | null;
    onRemove?: (id: string) => void;
  },
) {
  const { conversationId, onRemove } = props;
  return (
    <ul
      // Classes of its own (static/styles.css), as messages have.
      class="att-list"
      aria-label="Attached files"
      data-attachments
    >
      {props.attachments.map((a) => {
        // Not stored yet (being sent): no address to link to.
        const url = conversationId && !a.id.startsWith("pending-")
          ? attachmentUrl(conversationId, a.id)
          : null;
        const label = `${a.name}, ${formatBytes(a.size)}${
          a.width && a.height ? `, ${a.width} × ${a.height}` : ""
        }`;
        const body = a.kind === "image" && url && !onRemove
          ? (
            <img
              src={url}
              alt={a.name}
              loading="lazy"
              {...thumbnailSize(a)}
              class="att-img"
            />
          )
          : <NameAndSize name={a.name} size={a.size} />;
        return (
          <li key={a.id} class="min-w-0 max-w-full" data-attachment={a.kind}>
            {onRemove
              ? (
                <span class="att">
                  {body}
                  <RemoveButton
                    name={a.name}
                    onRemove={() => onRemove(a.id)}
                  />
                </span>
              )
              : url
              ? (
                <a
                  href={url}
                  download={a.kind === "image" ? undefined : a.name}
                  target={a.kind === "image" ? "_blank" : undefined}
                  rel="noopener"
                  title={label}
                  class={a.kind === "image" ? "block max-w-full" : "att"}
                >
                  {body}
                </a>
              )
              : <span class="att">{body}</span>}
          </li>
        );
      })}
    </ul>
  );
}
