import {
  assert,
  assertEquals,
  assertFalse,
  assertStringIncludes,
} from "@std/assert";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { assertSafeHtml } from "./_html_check.ts";

function count(text: string, part: string): number {
  return text.split(part).length - 1;
}

Deno.test("Markdown - tables with alignment", () => {
  const source =
    "| Name | Qty | Note |\n|:-----|----:|:----:|\n| apple | 3 | *fresh* |\n| pear | 10 | |";
  const html = renderMarkdown(source);
  assertSafeHtml(html, source);
  assertEquals(count(html, "<tr>"), 3);
  assertEquals(count(html, "<th "), 3);
  assertEquals(count(html, "<td"), 6);
  assertEquals(count(html, "<thead>"), 1);
  assertStringIncludes(html, '<th style="text-align:left">Name</th>');
  assertStringIncludes(html, '<td style="text-align:right">10</td>');
  assertStringIncludes(html, "<em>fresh</em>");
  assertFalse(html.includes("|"));
});

Deno.test("Markdown - strikethrough", () => {
  assertStringIncludes(renderMarkdown("~~gone~~ here"), "<s>gone</s> here");
});

Deno.test("Markdown - task lists become disabled checkboxes", () => {
  const source =
    "- [ ] write tests\n- [x] ship it\n- [X] celebrate\n- plain item";
  const html = renderMarkdown(source);
  assertSafeHtml(html, source);
  assertStringIncludes(html, '<ul class="contains-task-list">');
  assertEquals(count(html, '<li class="task-list-item">'), 3);
  assertEquals(count(html, "<input "), 3);
  assertEquals(count(html, " checked>"), 2);
  assertEquals(count(html, "disabled"), 3);
  assertStringIncludes(html, "disabled> write tests</li>");
  assertStringIncludes(html, "<li>plain item</li>");
  assertFalse(html.includes("[ ]") || html.includes("[x]"));
});

Deno.test("Markdown - task lists: nested, ordered and loose lists", () => {
  const html = renderMarkdown(
    "1. [x] first\n   - [ ] nested\n\n2. [ ] second\n\n- not [ ] a task",
  );
  assertStringIncludes(html, '<ol class="contains-task-list">');
  assertStringIncludes(html, '<ul class="contains-task-list">');
  assertEquals(count(html, "<input "), 3);
  assertStringIncludes(html, "not [ ] a task");
});

Deno.test("Markdown - a box outside a list item stays text", () => {
  for (
    const source of [
      "[ ] not a task",
      "- [ ]not a task",
      "- text [x] later",
      "> [x] quoted",
    ]
  ) {
    assertFalse(renderMarkdown(source).includes("<input"), source);
  }
});

Deno.test("Markdown - autolinks for URLs and e-mail, not for file names", () => {
  const html = renderMarkdown(
    "See https://deno.land/manual, mail me@example.com, edit README.md or main.py",
  );
  assertStringIncludes(
    html,
    '<a href="https://deno.land/manual" target="_blank" rel="noopener noreferrer nofollow">',
  );
  assertStringIncludes(
    html,
    '<a href="mailto:me@example.com">me@example.com</a>',
  );
  assertStringIncludes(html, "README.md or main.py");
  assertEquals(count(html, "<a "), 2);
});

Deno.test("Markdown - only external links open in a new tab", () => {
  const html = renderMarkdown(
    "[out](https://example.com) [in](/c/0190) [top](#x) [mail](mailto:a@b.example)",
  );
  assertStringIncludes(
    html,
    '<a href="https://example.com" target="_blank" rel="noopener noreferrer nofollow">out</a>',
  );
  assertStringIncludes(html, '<a href="/c/0190">in</a>');
  assertStringIncludes(html, '<a href="#x">top</a>');
  assertStringIncludes(html, '<a href="mailto:a@b.example">mail</a>');
});

Deno.test("Markdown - common blocks render as CommonMark", () => {
  const source =
    "# Title\n\nSome *em* and **strong**.\n\n> quote\n\n1. one\n2. two\n\n---\n\nline";
  const html = renderMarkdown(source);
  assertSafeHtml(html, source);
  for (
    const part of [
      "<h1>Title</h1>",
      "<em>em</em>",
      "<strong>strong</strong>",
      "<blockquote>",
      "<ol>",
      "<hr>",
    ]
  ) {
    assertStringIncludes(html, part);
  }
  assert(html.endsWith("<p>line</p>\n"));
});
