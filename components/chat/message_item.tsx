import { Component, type ComponentChildren } from "preact";
import type { ChatMessage } from "../../lib/client/chat_types.ts";
import { Attachments } from "./attachments_slot.tsx";

/** What the buttons of a message do; one stable object for the list. */
export interface MessageActions {
  copy(message: ChatMessage): void;
  edit(message: ChatMessage): void;
  regenerate(message: ChatMessage): void;
  /** Write more of a reply that ended early. */
  continueReply(message: ChatMessage): void;
  /** Show the version before (-1) or after (1) this one. */
  showVersion(message: ChatMessage, step: -1 | 1): void;
}

/** Props of one message in the list. */
export interface MessageItemProps {
  message: ChatMessage;
  /** The conversation it belongs to (its files' addresses); null: not created yet. */
  conversationId?: string | null;
  /** Rendered markdown for assistant messages (null: show plain text). */
  html: string | null;
  streaming?: boolean;
  /** Shown instead of the content (a reply still arriving). */
  body?: ComponentChildren;
  actions: MessageActions;
  canEdit?: boolean;
  canRegenerate?: boolean;
  /** Versions can be switched now (no reply is being written). */
  canSwitch?: boolean;
  /** The reply ended early (length limit, interruption) and can go on. */
  canContinue?: boolean;
}

const STATUS_TEXT: Record<string, string> = {
  stopped: "Stopped",
  interrupted: "Interrupted — the server stopped before the reply finished",
};

/** Made once: building a date format is slow, and a reply renders often. */
let dateFormat: Intl.DateTimeFormat | undefined;

function details(message: ChatMessage): string {
  const parts: string[] = [];
  if (message.model) parts.push(message.model);
  const when = message.completedAt ?? message.createdAt;
  if (when) {
    parts.push(
      (dateFormat ??= new Intl.DateTimeFormat(undefined, {
        dateStyle: "medium",
        timeStyle: "short",
      })).format(new Date(when)),
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

/** "your message “Hello…”" / "the reply “Sure…”": what a button acts on. */
function describe(message: ChatMessage): string {
  const words = message.content.replace(/\s+/g, " ").trim();
  const excerpt = words.length > 40
    ? `${words.slice(0, 40).replace(/\s\S*$/, "")}…`
    : words;
  const whose = message.role === "user" ? "your message" : "the reply";
  return excerpt ? `${whose} “${excerpt}”` : whose;
}

function sameProps(a: MessageItemProps, b: MessageItemProps): boolean {
  return a.message === b.message && a.html === b.html &&
    a.conversationId === b.conversationId &&
    a.streaming === b.streaming && a.body === b.body &&
    a.actions === b.actions &&
    a.canEdit === b.canEdit && a.canRegenerate === b.canRegenerate &&
    a.canSwitch === b.canSwitch && a.canContinue === b.canContinue;
}

/**
 * One message. Skips re-rendering when its props are unchanged, so a long
 * conversation costs nothing while a new reply arrives.
 */
export class MessageItem extends Component<MessageItemProps> {
  override shouldComponentUpdate(next: MessageItemProps): boolean {
    return !sameProps(this.props, next);
  }

  override render() {
    return <MessageView {...this.props} />;
  }
}

/**
 * Why a reply failed, once: the server's one-sentence explanation (its
 * first line) in full contrast, the technical details (the lines after)
 * behind a disclosure, and Retry when the reply can be written again.
 */
function FailedNote(
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

/** One message: a bubble for the person, a document-like block for the model. */
function MessageView(props: MessageItemProps) {
  const { message, html } = props;
  const mine = message.role === "user";
  const info = details(message);
  const what = describe(message);
  return (
    <article
      // Classes of its own (static/styles.css): a page holds 100 messages.
      class="msg"
      id={`m-${message.id}`}
      data-role={message.role}
      data-status={props.streaming ? "streaming" : message.status}
      aria-label={mine ? "You said" : "Assistant replied"}
    >
      {message.reasoning && (
        <Reasoning
          text={message.reasoning}
          thinking={!!props.streaming && message.content === ""}
        />
      )}
      {message.attachments && message.attachments.length > 0 && (
        <Attachments
          attachments={message.attachments}
          conversationId={props.conversationId ?? null}
        />
      )}
      {props.body ?? (mine
        ? (message.content || !message.attachments?.length) && (
          // Files sent alone: no empty bubble under them.
          <div class="bubble" data-content>
            {message.content}
          </div>
        )
        : html !== null
        ? (
          <div
            class="markdown-body w-full"
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
        ))}
      {props.streaming && (
        <span
          class="loading loading-dots loading-sm text-base-content/70"
          aria-hidden="true"
        />
      )}
      {!props.streaming && message.status === "error" && (
        <FailedNote
          error={message.error}
          onRetry={props.canRegenerate
            ? () => props.actions.regenerate(message)
            : undefined}
        />
      )}
      {!props.streaming && message.status !== "error" &&
        STATUS_TEXT[message.status] && (
        <p class="text-sm text-base-content/80" data-status-note>
          {STATUS_TEXT[message.status]}
          {message.error ? `: ${message.error}` : ""}
        </p>
      )}
      {!props.streaming && message.status === "complete" &&
        message.finishReason === "length" && (
        <p class="text-sm text-base-content/80" data-status-note>
          Cut off: the reply reached the longest length kept
        </p>
      )}
      {!props.streaming && props.canContinue && (
        <button
          type="button"
          class="btn btn-sm btn-outline"
          onClick={() => props.actions.continueReply(message)}
          data-continue
        >
          Continue
        </button>
      )}
      {!props.streaming && <Versions {...props} />}
      {!props.streaming && (
        <div class="msg-bar">
          <button
            type="button"
            class="btn btn-ghost btn-xs"
            aria-label={`Copy ${what}`}
            onClick={() => props.actions.copy(message)}
          >
            Copy
          </button>
          {props.canEdit && (
            <button
              type="button"
              class="btn btn-ghost btn-xs"
              aria-label={`Edit ${what}`}
              onClick={() => props.actions.edit(message)}
            >
              Edit
            </button>
          )}
          {props.canRegenerate && (
            <button
              type="button"
              class="btn btn-ghost btn-xs"
              aria-label={`Regenerate ${what}`}
              onClick={() => props.actions.regenerate(message)}
            >
              Regenerate
            </button>
          )}
          {info && mine && <span class="px-1" data-details>{info}</span>}
        </div>
      )}
      {!props.streaming && info && !mine && (
        // Model, time and token usage: readable without hovering, also on
        // touch screens, and quiet enough not to compete with the reply.
        <p class="msg-info" data-details>{info}</p>
      )}
    </article>
  );
}

/**
 * What a reasoning model thought before answering: open while it thinks,
 * closed once the answer starts (a click opens it again).
 */
function Reasoning(props: { text: string; thinking: boolean }) {
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
function Versions(props: MessageItemProps) {
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
