import { assertEquals, assertFalse, assertStringIncludes } from "@std/assert";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { completeStreamingText } from "../../lib/markdown/streaming.ts";
import { assertSafeHtml } from "./_html_check.ts";

const live = (text: string) => renderMarkdown(text, { streaming: true });

Deno.test("Markdown streaming - an unclosed fence renders as a code block so far", () => {
  const html = live("Try this:\n\n```python\nprint('hi')\nfor x in y:");
  assertStringIncludes(html, '<div class="code-block" data-lang="python">');
  assertStringIncludes(html, "print('hi')\nfor x in y:</code>");
  assertFalse(html.includes("```"));
});

Deno.test("Markdown streaming - a half-typed closing fence is hidden", () => {
  for (const tail of ["`", "``", "  ``"]) {
    const html = live("```js\nlet a = 1;\n" + tail);
    assertStringIncludes(
      html,
      '<code class="language-js">let a = 1;\n</code>',
      tail,
    );
    assertFalse(html.includes("`"), tail);
  }
  assertStringIncludes(live("~~~\nx\n~"), "<pre><code>x\n</code></pre>");
});

Deno.test("Markdown streaming - a table being typed does not flash raw pipes", () => {
  const prefixes = [
    "| Name",
    "| Name | Qty |",
    "| Name | Qty |\n",
    "| Name | Qty |\n|--",
    "| Name | Qty |\n|------|---",
    "| Name | Qty |\n|------|-----|",
    "Here it is:\n| Name | Qty |",
    "Here it is:\n| Name | Qty |\n|---",
  ];
  for (const text of prefixes) {
    const html = live(text);
    assertFalse(html.includes("|"), `${text} => ${html}`);
  }
  assertEquals(live("Here it is:\n| Name"), "<p>Here it is:</p>\n");
});

Deno.test("Markdown streaming - body rows appear as they arrive", () => {
  const head = "| Name | Qty |\n|------|-----|\n";
  const html = live(head + "| apple | 3 |\n| pe");
  assertStringIncludes(html, "<td>apple</td>");
  assertStringIncludes(html, "<td>pe</td>");
  assertFalse(html.includes("|"));
  assertStringIncludes(live(head), "<th>Name</th>");
});

Deno.test("Markdown streaming - text ending mid-bold is closed virtually", () => {
  assertEquals(
    live("This is **importa"),
    "<p>This is <strong>importa</strong></p>\n",
  );
  assertEquals(live("This is **"), "<p>This is</p>\n");
  assertEquals(
    live("**done** and ~~old"),
    "<p><strong>done</strong> and <s>old</s></p>\n",
  );
  assertEquals(
    live("- **Step 1:** do `deno ta"),
    "<ul>\n<li><strong>Step 1:</strong> do <code>deno ta</code></li>\n</ul>\n",
  );
  assertEquals(
    live("**bold `co"),
    "<p><strong>bold <code>co</code></strong></p>\n",
  );
  assertEquals(live("use `"), "<p>use</p>\n");
  assertEquals(live("a \\*\\*b"), "<p>a **b</p>\n");
});

Deno.test("Markdown streaming - unmatched markers in earlier blocks are left alone", () => {
  assertEquals(live("a ** b\n\nc"), "<p>a ** b</p>\n<p>c</p>\n");
  assertStringIncludes(live("```\n**x\n```\nafter"), "**x");
});

Deno.test("Markdown streaming - a link whose URL is still arriving shows its text", () => {
  assertEquals(live("see [the docs](https://deno.la"), "<p>see the docs</p>\n");
  assertEquals(live("pic: ![chart](https://exa"), "<p>pic:</p>\n");
  assertStringIncludes(
    live("see [the docs](https://deno.land) ok"),
    '<a href="https://deno.land"',
  );
});

Deno.test("Markdown streaming - a marker-only last line does not turn the paragraph into a heading", () => {
  for (const tail of ["-", "- ", "=", "==", "*", "1. x\n-"]) {
    const html = live("Some text\n" + tail);
    assertFalse(/<h[12]>/.test(html), tail);
    assertStringIncludes(html, "Some text");
  }
});

Deno.test("Markdown streaming - an unclosed $$ is shown as text", () => {
  const html = live("Formula:\n\n$$\n\\frac{a}{b}");
  assertFalse(html.includes("math-block"));
  assertStringIncludes(html, "$$\n\\frac{a}{b}");
  assertStringIncludes(
    live("Formula:\n\n$$\n\\frac{a}{b}\n$$"),
    '<div class="math-block"',
  );
});

Deno.test("Markdown streaming - the rewrite touches only the tail", () => {
  const done =
    "# Title\n\nSome **bold** text.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nx\n```\n";
  assertEquals(completeStreamingText(done), done);
  assertEquals(live(done), renderMarkdown(done));
  assertEquals(completeStreamingText(""), "");
});

Deno.test("Markdown streaming - every prefix of a reply renders safe, balanced HTML", () => {
  const reply = [
    "## Plan",
    "",
    "Here is **the plan** with `code`, a [link](https://example.com) and $x^2$.",
    "",
    "- [x] step one",
    "- [ ] step *two*",
    "",
    "| Step | Cost |",
    "|:-----|-----:|",
    "| one | $5 |",
    "",
    "```ts",
    "const total = items.reduce((a, b) => a + b, 0);",
    "```",
    "",
    "$$",
    "\\sum_{i=1}^n i = \\frac{n(n+1)}{2}",
    "$$",
    "",
    "> Done ~~soon~~ now.",
    "",
  ].join("\n");
  for (let end = 0; end <= reply.length; end++) {
    const text = reply.slice(0, end);
    const html = live(text);
    assertSafeHtml(html, text);
    for (
      const tag of [
        "p",
        "strong",
        "code",
        "table",
        "ul",
        "pre",
        "div",
        "blockquote",
      ]
    ) {
      const opened = html.split(`<${tag}>`).length +
        html.split(`<${tag} `).length - 2;
      assertEquals(
        opened,
        html.split(`</${tag}>`).length - 1,
        `<${tag}> in ${JSON.stringify(text)}`,
      );
    }
    if (/\| Step \| Cost \|\n(\|[:-]*)?$/.test(text)) {
      assertFalse(html.includes("|"), text);
    }
  }
  assertEquals(live(reply), renderMarkdown(reply));
});
