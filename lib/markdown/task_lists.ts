/**
 * GFM task lists: `- [ ] todo` and `- [x] done` become read-only checkboxes.
 * A markdown-it core rule, run after inline parsing, rewrites list items
 * whose first paragraph starts with a box marker.
 *
 * @module
 */
import type { MarkdownIt, StateCore, Token } from "markdown-it";

const BOX_RE = /^\[([ xX])\](?:[ \t]+|$)/;

/** Install the task list rule and the checkbox renderer. */
export function taskLists(md: MarkdownIt): void {
  md.core.ruler.after("inline", "task_lists", markTaskItems);
  md.renderer.rules.task_checkbox = (tokens, idx) =>
    `<input type="checkbox" class="task-list-item-checkbox" disabled${
      tokens[idx].meta?.checked ? " checked" : ""
    }> `;
}

function markTaskItems(state: StateCore): void {
  const tokens = state.tokens;
  const lists: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (
      token.type === "bullet_list_open" || token.type === "ordered_list_open"
    ) {
      lists.push(token);
    } else if (
      token.type === "bullet_list_close" || token.type === "ordered_list_close"
    ) {
      lists.pop();
    } else if (
      token.type === "inline" && i >= 2 &&
      tokens[i - 1].type === "paragraph_open" &&
      tokens[i - 2].type === "list_item_open" && checkTask(state, token)
    ) {
      tokens[i - 2].attrJoin("class", "task-list-item");
      const list = lists[lists.length - 1];
      if (list && !list.meta?.taskList) {
        list.meta = { ...list.meta, taskList: true };
        list.attrJoin("class", "contains-task-list");
      }
    }
  }
}

/** Turn a leading box marker into a checkbox token; false when none. */
function checkTask(state: StateCore, inline: Token): boolean {
  const first = inline.children?.[0];
  if (!first || first.type !== "text") return false;
  const box = BOX_RE.exec(first.content);
  if (!box) return false;
  first.content = first.content.slice(box[0].length);
  const checkbox = new state.Token("task_checkbox", "input", 0);
  checkbox.meta = { checked: box[1] !== " " };
  inline.children!.unshift(checkbox);
  return true;
}
