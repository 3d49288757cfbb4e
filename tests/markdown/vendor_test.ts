import { assert, assertEquals, assertFalse, assertGreater } from "@std/assert";
import {
  bundleBrowserMarkdown,
  copyKatexAssets,
  KATEX_CSS_PATH,
  MARKDOWN_BROWSER_ALIASES,
  MARKDOWN_ENHANCE_PATH,
  MARKDOWN_LIVE_PATH,
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

Deno.test("Markdown vendor - the browser build leaves the entity tables out and keeps unchanged files", async () => {
  const staticDir = await Deno.makeTempDir();
  try {
    const files = await bundleBrowserMarkdown(staticDir);
    assert(files.includes("live.js") && files.includes("enhance.js"));
    const live = await Deno.readTextFile(staticDir + MARKDOWN_LIVE_PATH);
    assert((await Deno.stat(staticDir + MARKDOWN_ENHANCE_PATH)).isFile);
    // The start of the packed HTML decode table of the `entities` package.
    const installed = new URL("../../node_modules/.deno/", import.meta.url);
    const dir = [...Deno.readDirSync(installed)].find((e) =>
      e.name.startsWith("entities@")
    );
    assert(dir, "the entities package is installed");
    const table = await Deno.readTextFile(
      new URL(
        `${dir.name}/node_modules/entities/dist/generated/decode-data-html.js`,
        installed,
      ),
    );
    const packed = table.match(/decodeTrieDict\("(.{40})/)?.[1];
    assert(packed, "found the table of the installed package");
    assert(!live.includes(packed));
    assert(live.includes("textarea"), "decodes entities through the browser");
    const before = (await Deno.stat(staticDir + MARKDOWN_LIVE_PATH)).mtime;
    await Deno.writeTextFile(`${staticDir}/vendor/markdown/stale.js`, "old");
    assertEquals(await bundleBrowserMarkdown(staticDir), files);
    const after = (await Deno.stat(staticDir + MARKDOWN_LIVE_PATH)).mtime;
    assertEquals(after, before, "an unchanged file is not rewritten");
    const left = [...Deno.readDirSync(`${staticDir}/vendor/markdown`)];
    assertEquals(left.map((e) => e.name).sort(), files);
    // highlight.js's CommonJS core brings its interop helpers inside it:
    // no file of shared helpers that every chunk (KaTeX's too) pulls in.
    for (const name of files) {
      const text = await Deno.readTextFile(
        `${staticDir}/vendor/markdown/${name}`,
      );
      assertFalse(/import"\.\/chunk-[^"]+";/.test(text), name);
    }
  } finally {
    await Deno.remove(staticDir, { recursive: true });
  }
});
