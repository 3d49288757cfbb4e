import { assert, assertEquals, assertFalse } from "@std/assert";
import * as esbuild from "esbuild";
import { MARKDOWN_BROWSER_ALIASES } from "../../lib/markdown/vendor.ts";

const root = new URL("../../", import.meta.url);

async function bundle(
  entry: string,
  outdir: string,
): Promise<esbuild.Metafile> {
  const result = await esbuild.build({
    entryPoints: [new URL(entry, root).pathname],
    bundle: true,
    splitting: true,
    minify: true,
    format: "esm",
    platform: "browser",
    outdir,
    metafile: true,
    write: false,
    logLevel: "silent",
    absWorkingDir: root.pathname,
    alias: { ...MARKDOWN_BROWSER_ALIASES },
  });
  return result.metafile;
}

/** Inputs of the output built for `entry` (lazy chunks are entries too). */
function entryInputs(meta: esbuild.Metafile, entry: string): string[] {
  const output = Object.values(meta.outputs).find((o) =>
    o.entryPoint === entry
  );
  assert(output, entry);
  return Object.keys(output.inputs);
}

Deno.test("Markdown bundle - the renderer ships without highlight.js, KaTeX or entity tables", async () => {
  const outdir = await Deno.makeTempDir();
  try {
    const inputs = entryInputs(
      await bundle("lib/markdown/mod.ts", outdir),
      "lib/markdown/mod.ts",
    );
    assert(inputs.some((path) => path.includes("markdown-it")));
    for (const heavy of ["highlight.js", "katex", "/entities@"]) {
      assertFalse(inputs.some((path) => path.includes(heavy)), heavy);
    }
  } finally {
    await Deno.remove(outdir, { recursive: true });
    await esbuild.stop();
  }
});

Deno.test("Markdown bundle - the enhancer loads highlight.js and KaTeX as lazy chunks", async () => {
  const outdir = await Deno.makeTempDir();
  try {
    const meta = await bundle("lib/markdown/enhance.ts", outdir);
    const inputs = entryInputs(meta, "lib/markdown/enhance.ts");
    assertFalse(
      inputs.some((path) =>
        path.includes("highlight.js") || path.includes("katex")
      ),
    );
    const chunks = Object.values(meta.outputs).filter((o) =>
      o.entryPoint !== "lib/markdown/enhance.ts"
    );
    const chunkInputs = chunks.flatMap((o) => Object.keys(o.inputs));
    assert(chunkInputs.some((path) => path.includes("katex")));
    assert(chunkInputs.some((path) => path.includes("highlight.js/es/core")));
    // One chunk per language at least: nothing forces all of them at once.
    assertEquals(
      chunks.filter((o) =>
        Object.keys(o.inputs).some((p) => p.includes("/languages/"))
      ).length >= 20,
      true,
    );
  } finally {
    await Deno.remove(outdir, { recursive: true });
    await esbuild.stop();
  }
});
