import type { Attachment } from "../../lib/api/mod.ts";
import type { EditDraft } from "../../lib/client/chat_model.ts";
import { MessageAttachments } from "./attachments.tsx";

/** Props of {@linkcode EditForm}. */
export interface EditFormProps {
  draft: EditDraft;
  /** Where the draft's files are served from; null before it exists. */
  conversationId: string | null;
  onText: (text: string) => void;
  onSave: () => void;
  /** `byKey`: Esc ended it (focus goes back to the composer). */
  onCancel: (byKey: boolean) => void;
  onRemoveAttachment: (id: Attachment["id"]) => void;
}

/**
 * A person's message being edited in place: Enter saves and sends again
 * (Shift+Enter adds a line), Esc cancels. Loaded on the first Edit, not
 * with the page.
 */
export function EditForm(props: EditFormProps) {
  return (
    <form
      class="flex flex-col gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        props.onSave();
      }}
    >
      <label class="sr-only" for="edit-message">
        Edit message
      </label>
      <textarea
        id="edit-message"
        class="textarea w-full"
        rows={4}
        value={props.draft.text}
        ref={focusOnce}
        onInput={(e) => props.onText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key === "Escape") {
            e.stopPropagation();
            props.onCancel(true);
          } else if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
            // As in the composer: Enter sends, Shift+Enter adds a line.
            e.preventDefault();
            props.onSave();
          }
        }}
      />
      {props.draft.attachments.length > 0 && (
        <MessageAttachments
          attachments={props.draft.attachments}
          conversationId={props.conversationId}
          onRemove={props.onRemoveAttachment}
        />
      )}
      <div class="flex justify-end gap-2">
        <button
          type="button"
          class="btn btn-ghost btn-sm"
          onClick={() => props.onCancel(false)}
        >
          Cancel
        </button>
        <button type="submit" class="btn btn-primary btn-sm">
          Save & resend
        </button>
      </div>
    </form>
  );
}

/** Focus a field when it appears, the caret after its text. */
function focusOnce(el: HTMLTextAreaElement | null) {
  if (!el || el.dataset.focused) return;
  el.dataset.focused = "1";
  el.focus();
  el.setSelectionRange(el.value.length, el.value.length);
}
