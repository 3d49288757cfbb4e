import {
  assert,
  assertEquals,
  assertFalse,
  assertStringIncludes,
} from "@std/assert";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { assertSafeHtml } from "./_html_check.ts";

Deno.test("Markdown - inline math placeholders", () => {
  assertEquals(
    renderMarkdown("Euler: $e^{i\\pi} + 1 = 0$."),
    '<p>Euler: <span class="math-inline" data-tex="e^{i\\pi} + 1 = 0">e^{i\\pi} + 1 = 0</span>.</p>\n',
  );
  assertStringIncludes(
    renderMarkdown("also \\(a^2\\) works"),
    '<span class="math-inline" data-tex="a^2">a^2</span>',
  );
});

Deno.test("Markdown - display math placeholders", () => {
  const source = "Before\n$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$\nafter";
  const html = renderMarkdown(source);
  assertSafeHtml(html, source);
  assertStringIncludes(html, "<p>Before</p>\n");
  assertStringIncludes(
    html,
    '<div class="math-block" data-tex="\\int_0^1 x\\,dx = \\frac{1}{2}">\\int_0^1 x\\,dx = \\frac{1}{2}</div>',
  );
  assertStringIncludes(html, "<p>after</p>");
  assertStringIncludes(
    renderMarkdown("$$ x^2 $$"),
    '<div class="math-block" data-tex="x^2">',
  );
  assertStringIncludes(
    renderMarkdown("\\[\na \\\\ b\n\\]"),
    '<div class="math-block" data-tex="a \\\\ b">',
  );
  assertStringIncludes(
    renderMarkdown("so $$y$$ inline"),
    '<span class="math-inline" data-display data-tex="y">y</span>',
  );
});

Deno.test("Markdown - math source is escaped and not parsed as markdown", () => {
  const html = renderMarkdown('$a_1 * b_2 * c < d & "e"$');
  assertSafeHtml(html);
  assertFalse(html.includes("<em>"));
  assertStringIncludes(
    html,
    'data-tex="a_1 * b_2 * c &lt; d &amp; &quot;e&quot;"',
  );
});

Deno.test("Markdown - dollar amounts are not math", () => {
  for (
    const source of [
      "It costs $5 and $10.",
      "between $ 3 and 4 $",
      "pay $20, get $30 back",
      "a \\$x\\$ b",
    ]
  ) {
    assertFalse(renderMarkdown(source).includes("math-"), source);
  }
  assertStringIncludes(renderMarkdown("$x$5"), "$x$5");
});

Deno.test("Markdown - an unclosed display formula is plain text", () => {
  for (const source of ["$$\nx^2 + 1", "$$\nx\n\ny\n$$", "\\[\na + b"]) {
    const html = renderMarkdown(source);
    assertFalse(html.includes("math-block"), source);
    assertStringIncludes(html, source.startsWith("$$") ? "$$" : "[");
  }
});

Deno.test("Markdown - math inside lists and quotes", () => {
  assertStringIncludes(
    renderMarkdown("- item $x$"),
    '<li>item <span class="math-inline" data-tex="x">',
  );
  assertStringIncludes(
    renderMarkdown("> $$\n> y\n> $$"),
    '<blockquote>\n<div class="math-block" data-tex="y">',
  );
});

Deno.test("Markdown - lone delimiters stay linear, not quadratic", () => {
  // 20k openers without closers: a rescan at each one would take seconds.
  for (const unit of ["$a ", "\\(a ", "$$a"]) {
    const text = unit.repeat(20_000);
    const start = performance.now();
    const html = renderMarkdown(text);
    const elapsed = performance.now() - start;
    assertEquals(html.includes("math-inline"), unit === "$$a", unit);
    assert(elapsed < 1500, `${unit}: ${elapsed.toFixed(0)} ms`);
  }
});
