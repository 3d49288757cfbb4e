/**
 * The composer's pending files, with the tray that holds them: loaded
 * together when a person first attaches a file (see `ChatModel.attach`).
 *
 * @module
 */
import type { AttachmentTray } from "../../lib/client/attachments_model.ts";
import type { ModelOption } from "../../lib/client/chat_types.ts";
import { NameAndSize, RemoveButton } from "./attachments.tsx";

export { AttachmentTray } from "../../lib/client/attachments_model.ts";

/**
 * The composer's files: a chip each with a thumbnail for images, the
 * upload's state, the server's sentence when it refused one, and a
 * remove button; above them, why files were left out; below them, when
 * the model picked (`model`) does not see images, that it is only told
 * their names.
 */
export function PendingAttachments(
  props: { tray: AttachmentTray; model?: ModelOption },
) {
  const { chips, notice } = props.tray;
  if (!chips.value.length && !notice.value) return null;
  const blind = props.model?.images === false &&
    chips.value.some((c) => c.kind === "image");
  return (
    <div class="flex flex-col gap-2">
      {notice.value && (
        <p
          role="alert"
          class="rounded-box border-l-4 border-error bg-base-200 px-3 py-1 text-sm text-base-content"
          data-attach-notice
        >
          {notice.value}
        </p>
      )}
      {chips.value.length > 0 && (
        <ul
          class="att-list"
          aria-label="Files to send"
          data-pending-attachments
        >
          {chips.value.map((chip) => (
            <li
              key={chip.key}
              class={`att flex-col items-stretch ${
                chip.status === "failed" ? "border-error" : ""
              }`}
              data-status={chip.status}
            >
              <span class="flex min-w-0 items-center gap-2">
                {chip.preview && (
                  <img
                    src={chip.preview}
                    alt=""
                    width={24}
                    height={24}
                    class="size-6 shrink-0 rounded object-cover"
                  />
                )}
                <NameAndSize name={chip.name} size={chip.size} />
                {chip.status === "uploading" && (
                  <span
                    class="loading loading-spinner loading-xs shrink-0"
                    role="img"
                    aria-label="Uploading"
                  />
                )}
                <RemoveButton
                  name={chip.name}
                  onRemove={() => props.tray.remove(chip.key)}
                />
              </span>
              {chip.error && (
                <span class="text-xs" role="alert" data-attach-error>
                  {chip.error}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
      {blind && (
        <p class="px-1 text-sm text-base-content/80" data-images-note>
          {props.model!.name} does not see images: it is only told their names.
        </p>
      )}
    </div>
  );
}
