/**
 * The reply being written, as it arrives: loaded with the chat's
 * machinery (when a person starts typing or reaches for a button, or a
 * reply runs on the page), not with the page.
 *
 * @module
 */
import type { Signal } from "@preact/signals";
import { useLayoutEffect, useRef } from "preact/hooks";
import type { StreamingReply } from "../../lib/client/chat_model.ts";
import type { ChatMessage } from "../../lib/client/chat_types.ts";
import { MESSAGE_DEFAULTS } from "../../lib/client/message_props.ts";
import type { MessageActions, MessageItem } from "./message_item.tsx";

type Markdown = typeof import("../../lib/markdown/live.ts");

const NO_ACTIONS: MessageActions = {
  copy: () => {},
  edit: () => {},
  regenerate: () => {},
  showVersion: () => {},
  continueReply: () => {},
};

/**
 * Only this re-renders while tokens arrive. `Item` is the chat's
 * `MessageItem` (passed in: this module does not carry its code).
 */
export function StreamingMessage(
  props: {
    streaming: Signal<StreamingReply | null>;
    markdown: Signal<Markdown | null>;
    Item: typeof MessageItem;
  },
) {
  const { Item } = props;
  const current = props.streaming.value;
  if (!current) return null;
  const message: ChatMessage = {
    ...MESSAGE_DEFAULTS,
    id: current.id,
    parentId: null,
    role: "assistant",
    content: current.text,
    reasoning: current.reasoning,
    createdAt: current.createdAt,
    completedAt: null,
    status: "streaming",
    model: current.model,
  };
  const md = props.markdown.value;
  return (
    <div aria-busy="true">
      <Item
        message={message}
        html={null}
        body={md && (
          <LiveMarkdown key={current.id} text={current.text} md={md} />
        )}
        streaming
        actions={NO_ACTIONS}
      />
    </div>
  );
}

/** The reply so far, as markdown; see lib/markdown/live.ts. */
function LiveMarkdown(props: { text: string; md: Markdown }) {
  const ref = useRef<HTMLDivElement>(null);
  const view = useRef<InstanceType<Markdown["LiveMarkdownView"]> | null>(null);
  useLayoutEffect(() => {
    if (!ref.current) return;
    view.current ??= new props.md.LiveMarkdownView(ref.current);
    view.current.show(props.text);
  }, [props.text]);
  return (
    <div
      ref={ref}
      class="markdown-body w-full break-words"
      data-content
    />
  );
}
