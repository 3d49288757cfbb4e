import { assert } from "@std/assert";
import { tailwind } from "@fresh/plugin-tailwind";
import type { Builder } from "fresh/dev";
import type { TransformFn } from "../../lib/fresh/file_transformer.ts";

/** The transform `tailwind()` registers, run on one stylesheet. */
async function compile(root: string, css: string): Promise<string> {
  let transform: TransformFn | undefined;
  const builder = {
    onTransformStaticFile: (_options: unknown, fn: TransformFn) => {
      transform = fn;
    },
  } as unknown as Builder;
  tailwind(builder, { optimize: false });
  const result = await transform!({
    path: `${root}/static/styles.css`,
    target: `${root}/static/styles.css`,
    text: css,
    content: new TextEncoder().encode(css),
    mode: "production",
    root,
  });
  return (result as { content: string }).content;
}

Deno.test("Tailwind plugin - @source is relative to the stylesheet and still scanned with source(none), as @tailwindcss/postcss", async () => {
  // Inside the repository, so `tailwindcss` resolves from node_modules.
  const root = new URL("../.output/tailwind_fixture/", import.meta.url)
    .pathname.replace(/\/$/, "");
  await Deno.mkdir(`${root}/src`, { recursive: true });
  await Deno.mkdir(`${root}/other`, { recursive: true });
  await Deno.mkdir(`${root}/static`, { recursive: true });
  try {
    await Deno.writeTextFile(`${root}/src/a.html`, '<p class="underline">');
    await Deno.writeTextFile(`${root}/other/b.html`, '<p class="italic">');
    const only = await compile(
      root,
      '@import "tailwindcss" source(none);\n@source "../src";\n',
    );
    assert(only.includes(".underline"), "classes of @source are built");
    assert(!only.includes(".italic"), "the rest of the project is not read");
    const all = await compile(root, '@import "tailwindcss";\n');
    assert(all.includes(".underline") && all.includes(".italic"));
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
