import type { ChatMessage } from "../../lib/client/chat_types.ts";

/** Props of one message in the list. */
export interface MessageItemProps {
  message: ChatMessage;
  /** Rendered markdown for assistant messages (null: show plain text). */
  html: string | null;
  streaming?: boolean;
  /** Actions; absent ones are not offered. */
  onCopy?: () => void;
  onEdit?: () => void;
  onRegenerate?: () => void;
}

const STATUS_TEXT: Record<string, string> = {
  stopped: "Stopped",
  interrupted: "Interrupted — the server stopped before the reply finished",
  error: "Failed",
};

function details(message: ChatMessage): string {
  const parts: string[] = [];
  if (message.model) parts.push(message.model);
  const when = message.completedAt ?? message.createdAt;
  if (when) {
    parts.push(
      new Date(when).toLocaleString(undefined, {
        dateStyle: "medium",
        timeStyle: "short",
      }),
    );
  }
  if (message.promptTokens != null || message.completionTokens != null) {
    parts.push(
      `${message.promptTokens ?? "?"} prompt + ${
        message.completionTokens ?? "?"
      } reply tokens`,
    );
  }
  return parts.join(" · ");
}

/** One message: a bubble for the person, a document-like block for the model. */
export function MessageItem(props: MessageItemProps) {
  const { message, html } = props;
  const mine = message.role === "user";
  const info = details(message);
  return (
    <article
      class={`group flex flex-col gap-1 ${mine ? "items-end" : "items-start"}`}
      data-message-id={message.id}
      data-role={message.role}
      data-status={props.streaming ? "streaming" : message.status}
      aria-label={mine ? "You said" : "Assistant replied"}
    >
      {mine
        ? (
          <div
            class="max-w-[85%] whitespace-pre-wrap break-words rounded-box bg-primary px-4 py-2 text-primary-content"
            data-content
          >
            {message.content}
          </div>
        )
        : html !== null
        ? (
          <div
            class="markdown-body w-full break-words"
            data-content
            // Safe: produced by lib/markdown, which escapes raw HTML and drops unsafe links.
            dangerouslySetInnerHTML={{ __html: html }}
          />
        )
        : (
          <div
            class="markdown-body w-full whitespace-pre-wrap break-words"
            data-content
          >
            {message.content}
          </div>
        )}
      {props.streaming && (
        <span
          class="loading loading-dots loading-sm text-base-content/70"
          aria-hidden="true"
        />
      )}
      {!props.streaming && STATUS_TEXT[message.status] && (
        <p
          class={`text-sm ${
            message.status === "error" ? "text-error" : "text-base-content/80"
          }`}
          data-status-note
        >
          {STATUS_TEXT[message.status]}
          {message.error ? `: ${message.error}` : ""}
        </p>
      )}
      {!props.streaming && (
        <div class="flex items-center gap-1 text-xs text-base-content/80 opacity-100 transition-opacity focus-within:opacity-100 md:opacity-0 md:group-hover:opacity-100">
          {props.onCopy && (
            <button
              type="button"
              class="btn btn-ghost btn-xs"
              onClick={props.onCopy}
            >
              Copy
            </button>
          )}
          {props.onEdit && (
            <button
              type="button"
              class="btn btn-ghost btn-xs"
              onClick={props.onEdit}
            >
              Edit
            </button>
          )}
          {props.onRegenerate && (
            <button
              type="button"
              class="btn btn-ghost btn-xs"
              onClick={props.onRegenerate}
            >
              Regenerate
            </button>
          )}
          {info && <span class="px-1" data-details>{info}</span>}
        </div>
      )}
    </article>
  );
}
