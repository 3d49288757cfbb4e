import {
  assert,
  assertEquals,
  assertFalse,
  assertStringIncludes,
  assertThrows,
} from "@std/assert";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { assertSafeHtml, isActiveUrl } from "./_html_check.ts";

const CORPUS = [
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  "<svg onload=alert(1)>",
  "<iframe src=javascript:alert(1)></iframe>",
  "<style>body{display:none}</style>",
  '<a href="javascript:alert(1)">x</a>',
  "[x](javascript:alert(1))",
  "[x](JAVASCRIPT:alert(1))",
  "[x](  javascript:alert(1))",
  "[x](<javascript:alert(1)>)",
  "[x](javascript&#58;alert(1))",
  "[x](javascript&colon;alert(1))",
  "[x](&#106;avascript:alert(1))",
  "[x](&#x6A;avascript:alert(1))",
  "[x](java%0ascript:alert(1))",
  "[x](vbscript:msgbox(1))",
  "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
  "[x](file:///etc/passwd)",
  "![](javascript:alert(1))",
  "![x](data:image/svg+xml,<svg/onload=alert(1)>)",
  "![x](data:image/png;base64,AAAA)",
  "<javascript:alert(1)>",
  "<data:text/html,hi>",
  "[x][ref]\n\n[ref]: javascript:alert(1)",
  '[x](https://ok.example "t\\" onmouseover=alert(1) x=\\"")',
  '![" onerror="alert(1)](https://ok.example/a.png)',
  "[<img src=x onerror=alert(1)>](https://ok.example)",
  'https://ok.example/"onmouseover="alert(1)',
  '```"><img src=x onerror=alert(1)>\ncode\n```',
  "``` onerror=alert(1) x\ncode\n```",
  "~~~<script>\nx\n~~~",
  "$<img src=x onerror=alert(1)>$",
  "$$\n<script>alert(1)</script>\n$$",
  '\\(" onmouseover="alert(1)\\)',
  "- [ ] <img src=x onerror=alert(1)>",
  "| <script> | b |\n|---|---|\n| <img src=x onerror=alert(1)> | 2 |",
  "> <svg/onload=alert(1)>",
  "**<script>**alert(1)",
  "`<script>`",
  "&lt;script&gt;alert(1)&lt;/script&gt;",
  "<!-- x --><img src=x onerror=alert(1)>",
  "[x](https://ok.example/\u0000javascript:alert(1))",
];

for (const streaming of [false, true]) {
  Deno.test(`Markdown - XSS corpus renders harmless (streaming: ${streaming})`, () => {
    for (const source of CORPUS) {
      const html = renderMarkdown(source, { streaming });
      assertSafeHtml(html, source);
      assertFalse(/<script/i.test(html), source);
      assertFalse(/href="\s*(javascript|vbscript|data)/i.test(html), source);
      // Quoted attribute values may mention "onerror" as text; tags may not.
      const tags = html.replace(/="[^"]*"/g, '=""');
      assertFalse(/<[a-z]+[^>]*\son[a-z]+=/i.test(tags), source);
    }
  });
}

Deno.test("Markdown - every prefix of the XSS corpus is harmless while streaming", () => {
  for (const source of CORPUS) {
    for (let end = 1; end <= source.length; end++) {
      assertSafeHtml(
        renderMarkdown(source.slice(0, end), { streaming: true }),
        source.slice(0, end),
      );
    }
  }
});

Deno.test("Markdown - raw HTML is shown as text", () => {
  const html = renderMarkdown("<img src=x onerror=alert(1)> and <b>bold</b>");
  assertStringIncludes(html, "&lt;img src=x onerror=alert(1)&gt;");
  assertStringIncludes(html, "&lt;b&gt;bold&lt;/b&gt;");
});

Deno.test("Markdown - a dropped link keeps its text and loses its target", () => {
  for (
    const url of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "data:text/html,x",
      "vbscript:x",
    ]
  ) {
    const html = renderMarkdown(`[click me](${url})`);
    assertFalse(html.includes("<a"), html);
    assertStringIncludes(html, "click me");
  }
});

Deno.test("Markdown - dropped images never load", () => {
  for (
    const url of [
      "javascript:alert(1)",
      "data:image/png;base64,AAAA",
      "file:///x.png",
    ]
  ) {
    assertFalse(renderMarkdown(`![pic](${url})`).includes("<img"), url);
  }
  const html = renderMarkdown("![pic](/files/a.png)");
  assertStringIncludes(html, '<img src="/files/a.png" alt="pic"');
  assertStringIncludes(html, 'referrerpolicy="no-referrer"');
  assertStringIncludes(html, 'loading="lazy"');
});

Deno.test("Markdown - images from other servers become links, loaded only on request", () => {
  for (
    const url of [
      "https://ok.example/a.png",
      "http://127.0.0.1:9/pixel.gif",
      "//cdn.example/b.png",
      "HTTPS://OK.EXAMPLE/C.PNG",
    ]
  ) {
    const html = renderMarkdown(`Look: ![a "red" <dot>](${url}) here`);
    assertFalse(html.includes("<img"), html);
    const link = html.match(/<a class="remote-image" href="([^"]*)"[^>]*>/);
    assert(link, html);
    assertStringIncludes(link[0], "data-remote-image");
    assertStringIncludes(link[0], 'rel="noopener noreferrer nofollow"');
    assertStringIncludes(link[0], 'data-alt="a &quot;red&quot; &lt;dot&gt;"');
    assertEquals(new URL(link[1], "https://x.invalid").host, hostOf(url));
    assertStringIncludes(html, `(image from ${hostOf(url)})`);
  }
  // Inside a link it is just text: the outer link stays the only link.
  const badge = renderMarkdown(
    "[![build](https://img.example/b.svg)](https://ci.example)",
  );
  assertFalse(badge.includes("<img"), badge);
  assertEquals(badge.match(/<a /g)?.length, 1, badge);
  assertStringIncludes(badge, "build (image from img.example)</a>");
});

function hostOf(url: string): string {
  return new URL(url, "https://x.invalid").host;
}

Deno.test("Markdown - the checker itself flags active URLs", () => {
  assert(isActiveUrl("javascript:alert(1)"));
  assert(isActiveUrl("java&#x09;script:alert(1)"));
  assert(isActiveUrl(" data:text/html,x"));
  assertFalse(isActiveUrl("https://ok.example/a:b"));
  assertFalse(isActiveUrl("/c/1#x:y"));
  assertEquals(isActiveUrl("mailto:a@b.example"), false);
});

Deno.test("Markdown - the checker itself rejects unsafe HTML", () => {
  for (
    const html of [
      '<a href="javascript:alert(1)">x</a>',
      '<a href="java&#x0A;script:alert(1)">x</a>',
      '<img src="x" onerror="alert(1)">',
      "<img src=x onerror=alert(1)>",
      "<script>alert(1)</script>",
      '<p style="background:url(x)">x</p>',
      '<code class="language-x"y">',
      "<p>a < b</p>",
    ]
  ) {
    assertThrows(() => assertSafeHtml(html), Error, undefined, html);
  }
});
