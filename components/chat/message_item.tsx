import { signal } from "@preact/signals";
import { Component, type ComponentChildren } from "preact";
import { IS_BROWSER } from "fresh/runtime";
import type { ChatMessage } from "../../lib/client/chat_types.ts";
import { lazy } from "../../lib/client/lazy.ts";
import { Attachments } from "./attachments_slot.tsx";

type Extras = typeof import("./message_extras.tsx");

/** The rarer parts of a message (message_extras.tsx), once loaded. */
const extras = signal<Extras | null>(null);
const loadExtras = lazy(() =>
  import("./message_extras.tsx").then((m) => (extras.value = m))
);

/** What those parts draw in a page (see message_extras.tsx). */
const EXTRAS =
  "[data-reasoning],[data-versions],[role=note][data-status-note],[data-unreadable-row]";

// The server always draws them; a page that shows one has them before the
// chat starts (hydration then finds what the server drew), others when a
// message first needs one.
if (!IS_BROWSER || document.querySelector(EXTRAS)) {
  await loadExtras().catch(() => {/* drawn once they load */});
}

/** Draws one of the rarer parts, loading them on first need. */
export function Extra(props: { draw: (parts: Extras) => ComponentChildren }) {
  const parts = extras.value;
  if (!parts) {
    loadExtras().catch(() => {/* the message shows without it */});
    return null;
  }
  return <>{props.draw(parts)}</>;
}

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
        <Extra
          draw={(x) => (
            <x.Reasoning
              text={message.reasoning!}
              thinking={!!props.streaming && message.content === ""}
            />
          )}
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
        <Extra
          draw={(x) => (
            <x.FailedNote
              error={message.error}
              onRetry={props.canRegenerate
                ? () => props.actions.regenerate(message)
                : undefined}
            />
          )}
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
      {!props.streaming && (message.siblingIds?.length ?? 0) > 1 && (
        <Extra draw={(x) => <x.Versions {...props} />} />
      )}
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
