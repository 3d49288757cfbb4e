import { assert, assertEquals, assertGreater } from "@std/assert";
import {
  copyKatexAssets,
  KATEX_CSS_PATH,
  MARKDOWN_BROWSER_ALIASES,
} from "../../lib/markdown/vendor.ts";

Deno.test("Markdown vendor - copies KaTeX css and every font it refers to", async () => {
  const outDir = await Deno.makeTempDir();
  try {
    const copied = await copyKatexAssets(outDir);
    const cssPath = outDir + KATEX_CSS_PATH;
    assertEquals(copied.dir, cssPath.slice(0, cssPath.lastIndexOf("/")));
    const css = await Deno.readTextFile(cssPath);
    const fonts = [...css.matchAll(/url\(([^)]+)\)/g)].map((m) =>
      m[1].replace(/["']/g, "")
    );
    assertGreater(fonts.length, 10);
    for (const font of fonts) {
      assert(font.startsWith("fonts/"), font);
      const stat = await Deno.stat(`${copied.dir}/${font}`);
      assertGreater(stat.size, 0, font);
    }
    assertEquals(
      copied.files,
      1 + [...Deno.readDirSync(`${copied.dir}/fonts`)].length,
    );
    // Copying again over existing files works (start-up runs it every time).
    assertEquals((await copyKatexAssets(outDir)).files, copied.files);
  } finally {
    await Deno.remove(outDir, { recursive: true });
  }
});

Deno.test("Markdown vendor - browser aliases point at existing files", async () => {
  for (const path of Object.values(MARKDOWN_BROWSER_ALIASES)) {
    assert((await Deno.stat(path)).isFile, path);
  }
});
