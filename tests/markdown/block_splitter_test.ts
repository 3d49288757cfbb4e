import { assert, assertEquals } from "@std/assert";
import { BlockSplitter } from "../../lib/markdown/block_splitter.ts";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { demoReply } from "../../lib/ai/demo_reply.ts";

/** Feed `text` in pieces of `step` characters; the boundaries seen. */
function boundaries(text: string, step = 1): number[] {
  const splitter = new BlockSplitter();
  const seen: number[] = [];
  for (let end = step; end < text.length + step; end += step) {
    const at = splitter.advance(text.slice(0, Math.min(end, text.length)));
    if (at !== (seen.at(-1) ?? 0)) seen.push(at);
  }
  return seen;
}

Deno.test("Block splitter - a block is finished by a blank line and a line at the margin", () => {
  const text = "First para\ngoes on.\n\n# Heading\n\nLast";
  assertEquals(boundaries(text), [
    text.indexOf("# Heading"),
  ]);
  // "Last" becomes a boundary once its line is complete.
  assertEquals(boundaries(text + "\n"), [
    text.indexOf("# Heading"),
    text.indexOf("Last"),
  ]);
  // An indented line continues the list item above: no boundary.
  assertEquals(boundaries("- item\n\n  more of it\n\n"), []);
});

Deno.test("Block splitter - blank lines inside code fences and math blocks split nothing", () => {
  const text = [
    "Intro",
    "",
    "```ts",
    "const a = 1;",
    "",
    "const b = 2;",
    "```",
    "",
    "~~~~",
    "```",
    "",
    "~~~~",
    "",
    "$$",
    "a + b",
    "",
    "= c",
    "$$",
    "",
    "\\[",
    "x",
    "",
    "\\]",
    "",
    "$$e = mc^2$$",
    "",
    "End",
    "",
  ].join("\n");
  const expected = ["```ts", "~~~~", "$$\n", "\\[", "$$e", "End"].map((s) =>
    text.indexOf(s)
  );
  assertEquals(boundaries(text), expected);
  // Fed in larger pieces, the same boundaries (some seen together).
  for (const step of [2, 7, 64]) {
    const seen = boundaries(text, step);
    assert(seen.every((b) => expected.includes(b)), `step ${step}`);
    assertEquals(seen.at(-1), expected.at(-1));
  }
});

Deno.test("Block splitter - finished blocks plus the tail render like the whole reply", () => {
  const replies = [
    demoReply("How do I stream a reply over HTTP?"),
    demoReply("Explain CSV quoting, with an example table"),
    "# Title\n\nSome `code` and **bold**.\n\n```py\nprint(1)\n\n\nprint(2)\n```\n\n" +
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n$$\nx^2\n\n$$\n\n> quote\n> more\n\nThe end.\n",
  ];
  for (const reply of replies) {
    const splitter = new BlockSplitter();
    let settled = 0;
    let html = "";
    for (let end = 1; end <= reply.length; end++) {
      const finished = splitter.advance(reply.slice(0, end));
      assert(finished >= settled, "never moves back");
      if (finished > settled) {
        html += renderMarkdown(reply.slice(settled, finished));
        settled = finished;
      }
    }
    html += renderMarkdown(reply.slice(settled));
    assertEquals(html, renderMarkdown(reply));
    assert(settled > reply.length / 2, "most of the reply was settled early");
  }
});
