/**
 * A conversation opened from a search result (`/c/:id#m-<message id>`):
 * the message that matched is shown, scrolled to and marked. Loaded only
 * by pages opened that way.
 *
 * @module
 */
import type { ChatModel } from "./chat_model.ts";

/** Marks the message a search result opened (kept until reload). */
const SEARCH_HIT = [
  "rounded-box",
  "outline-2",
  "outline-offset-4",
  "outline-primary",
];

/**
 * Make sure message `id` is shown: a search result may point before the
 * messages the page rendered, so those are loaded first. Whether it is
 * shown now (not when it is in another version of the conversation).
 */
export async function reveal(model: ChatModel, id: string): Promise<boolean> {
  const shown = () => model.messages.peek().some((m) => m.id === id);
  if (shown() || model.earlier.peek() === 0) return shown();
  await model.loadEarlier();
  return shown();
}

/**
 * Show message `id` (see `reveal`), scrolled to and marked; false when it
 * is not shown.
 */
export async function showSearchHit(
  model: ChatModel,
  id: string,
): Promise<boolean> {
  if (!await reveal(model, id)) return false;
  // After the list has rendered what was loaded.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      const hit = document.getElementById(`m-${id}`);
      hit?.scrollIntoView({ block: "center" });
      hit?.classList.add(...SEARCH_HIT);
    })
  );
  return true;
}
