import { assertEquals } from "@std/assert";
import {
  highlightLanguage,
  LANGUAGE_LOADERS,
} from "../../lib/markdown/highlight_languages.ts";

Deno.test("Markdown highlight - aliases map to loadable languages", () => {
  assertEquals(highlightLanguage("js"), "javascript");
  assertEquals(highlightLanguage("tsx"), "typescript");
  assertEquals(highlightLanguage("c++"), "cpp");
  assertEquals(highlightLanguage("c#"), "csharp");
  assertEquals(highlightLanguage("html"), "xml");
  assertEquals(highlightLanguage("python"), "python");
  assertEquals(highlightLanguage("text"), undefined);
  assertEquals(highlightLanguage("cobol"), undefined);
  assertEquals(highlightLanguage("constructor"), undefined);
  assertEquals(highlightLanguage("__proto__"), undefined);
});

Deno.test("Markdown highlight - every listed language module loads and highlights", async () => {
  const { default: hljs } = await import("highlight.js/lib/core");
  for (const [name, load] of Object.entries(LANGUAGE_LOADERS)) {
    hljs.registerLanguage(name, (await load()).default);
  }
  const html =
    hljs.highlight("const a = '<b>';", { language: "javascript" }).value;
  assertEquals(html.includes("<b>"), false);
  assertEquals(/class="hljs-keyword"/.test(html), true);
  assertEquals(
    hljs.listLanguages().length >= Object.keys(LANGUAGE_LOADERS).length,
    true,
  );
});
