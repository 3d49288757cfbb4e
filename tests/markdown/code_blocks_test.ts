import {
  assertEquals,
  assertFalse,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { codeLanguage } from "../../lib/markdown/code_blocks.ts";
import { assertSafeHtml } from "./_html_check.ts";

Deno.test("Markdown - code block: label, copy button, escaped code", () => {
  const html = renderMarkdown('```ts\nconst ok = 1 < 2 && "x";\n```');
  assertSafeHtml(html);
  assertStringIncludes(html, '<div class="code-block" data-lang="ts">');
  assertStringIncludes(html, '<span class="code-block-lang">ts</span>');
  assertMatch(html, /<button type="button"[^>]* data-copy[ >]/);
  assertStringIncludes(
    html,
    '<pre><code class="language-ts">const ok = 1 &lt; 2 &amp;&amp; &quot;x&quot;;\n</code></pre>',
  );
});

Deno.test("Markdown - code block without a language", () => {
  const html = renderMarkdown("```\nplain\n```");
  assertStringIncludes(html, '<span class="code-block-lang">text</span>');
  assertStringIncludes(html, "<pre><code>plain\n</code></pre>");
});

Deno.test("Markdown - indented code gets the same card", () => {
  const html = renderMarkdown("para\n\n    indented <b>\n");
  assertStringIncludes(html, '<div class="code-block" data-lang="text">');
  assertStringIncludes(html, "indented &lt;b&gt;");
});

Deno.test("Markdown - code language is reduced to safe characters", () => {
  assertEquals(codeLanguage("TypeScript"), "typescript");
  assertEquals(codeLanguage("c++ title=x"), "c++");
  assertEquals(codeLanguage("C#"), "c#");
  assertEquals(codeLanguage("{.python}"), "python");
  assertEquals(codeLanguage('"><img src=x onerror=alert(1)>'), "img");
  assertEquals(codeLanguage("   "), "");
  assertEquals(codeLanguage("x".repeat(100)).length, 32);
  const html = renderMarkdown('```"><script>alert(1)</script>\ncode\n```');
  assertSafeHtml(html);
  assertFalse(html.includes("<script"));
  assertStringIncludes(html, '<code class="language-script">');
});

Deno.test("Markdown - inline code stays inline", () => {
  assertEquals(
    renderMarkdown("use `a<b` here"),
    "<p>use <code>a&lt;b</code> here</p>\n",
  );
});

Deno.test("Markdown - code inside a list item", () => {
  const html = renderMarkdown(
    "1. step\n\n   ```sh\n   deno task start\n   ```\n",
  );
  assertStringIncludes(
    html,
    '<code class="language-sh">deno task start\n</code>',
  );
});
