import type { Signal } from "@preact/signals";
import { useMemo } from "preact/hooks";
import { api } from "../lib/client/conversation_api.ts";
import type { Toast } from "../lib/client/toasts.ts";
import { TrashModel } from "../lib/client/trash_model.ts";
import type { Conversation, DeletedConversation } from "../lib/api/mod.ts";

/** Props the `/trash` page passes. */
export interface TrashProps {
  conversations: DeletedConversation[];
  /** Days a deleted conversation is kept; 0: until the trash is emptied. */
  trashDays: number;
  /** The sidebar's list (a restored conversation goes back into it). */
  sidebar: Signal<Conversation[]>;
  activeId: Signal<string | null>;
  toasts: Signal<Toast[]>;
}

const DAY_MS = 86_400_000;

function when(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: "medium" });
}

function daysLeft(item: DeletedConversation, days: number): string {
  if (!(days > 0)) return "";
  const left = Math.ceil(
    (Date.parse(item.deletedAt) + days * DAY_MS - Date.now()) / DAY_MS,
  );
  return left <= 1 ? " · removed within a day" : ` · ${left} days left`;
}

/**
 * "Recently deleted": the conversations in the trash, each with Restore and
 * Delete forever, and Empty trash. Deleting for good asks once more.
 */
export function Trash(props: TrashProps) {
  const model = useMemo(() =>
    new TrashModel({
      conversations: props.sidebar,
      activeId: props.activeId,
      toasts: props.toasts,
    }, { api, conversations: props.conversations }), []);
  const items = model.items.value;
  const confirming = model.confirming.value;
  const working = model.working.value;
  const kept = props.trashDays > 0
    ? `Deleted conversations are kept for ${props.trashDays} days, then removed for good.`
    : "Deleted conversations are kept until you empty the trash.";
  return (
    <section
      class="mx-auto flex w-full max-w-3xl flex-col gap-4 px-4 py-6"
      aria-labelledby="trash-title"
      data-trash
    >
      <div class="flex flex-wrap items-center gap-2">
        <h1 id="trash-title" class="flex-1 text-2xl font-bold">
          Recently deleted
        </h1>
        {items.length > 0 && confirming !== "all" && (
          <button
            type="button"
            class="btn btn-sm"
            disabled={working}
            onClick={() => model.ask("all")}
          >
            Empty trash
          </button>
        )}
      </div>
      <p class="text-base-content/80">{kept}</p>
      {confirming === "all" && (
        <div role="alert" class="alert flex flex-wrap">
          <span class="flex-1">
            Delete all {items.length}{" "}
            conversations for good? This cannot be undone.
          </span>
          <button
            type="button"
            class="btn btn-sm btn-ghost"
            onClick={() => model.ask(null)}
          >
            Cancel
          </button>
          <button
            type="button"
            class="btn btn-sm btn-error"
            disabled={working}
            onClick={() => void model.empty()}
          >
            Empty trash
          </button>
        </div>
      )}
      {items.length === 0
        ? (
          <p class="py-8 text-center text-base-content/80">
            The trash is empty.
          </p>
        )
        : (
          <ul
            class="flex flex-col divide-y divide-base-300"
            aria-label="Deleted conversations"
          >
            {items.map((item) => (
              <li
                key={item.id}
                class="flex flex-wrap items-center gap-2 py-3"
                data-trash-id={item.id}
              >
                <div class="min-w-0 flex-1">
                  <p class="truncate font-medium">{item.title}</p>
                  <p class="text-sm text-base-content/80">
                    Deleted {when(item.deletedAt)}
                    {daysLeft(item, props.trashDays)}
                  </p>
                </div>
                {confirming === item.id
                  ? (
                    <div class="flex items-center gap-2" role="group">
                      <span class="text-sm">Delete for good?</span>
                      <button
                        type="button"
                        class="btn btn-sm btn-ghost"
                        onClick={() => model.ask(null)}
                      >
                        Cancel
                      </button>
                      <button
                        type="button"
                        class="btn btn-sm btn-error"
                        disabled={working}
                        aria-label={`Delete “${item.title}” for good`}
                        onClick={() => void model.purge(item.id)}
                      >
                        Delete
                      </button>
                    </div>
                  )
                  : (
                    <div class="flex items-center gap-2">
                      <button
                        type="button"
                        class="btn btn-sm"
                        disabled={working}
                        aria-label={`Restore “${item.title}”`}
                        onClick={() => void model.restore(item.id)}
                      >
                        Restore
                      </button>
                      <button
                        type="button"
                        class="btn btn-sm btn-ghost"
                        disabled={working}
                        aria-label={`Delete “${item.title}” forever`}
                        onClick={() => model.ask(item.id)}
                      >
                        Delete forever
                      </button>
                    </div>
                  )}
              </li>
            ))}
          </ul>
        )}
    </section>
  );
}
