/**
 * Tailwind CSS 4 as a build plugin, in the shape of `@fresh/plugin-tailwind`:
 * `static/styles.css` (which holds `@import "tailwindcss"` and any `@plugin`
 * lines, e.g. daisyUI) is compiled with Tailwind's own compiler and the
 * class names found in the project's sources, and written to the build
 * output where `staticFiles()` serves it in place of the source file.
 *
 * @module
 */
import { join } from "node:path";
import type { BuildPlugin, BuildPluginContext } from "./build.ts";

/** Options of the Tailwind plugin. */
export interface TailwindPluginOptions {
  /** CSS entry, relative to the project root. Default `static/styles.css`. */
  input?: string;
}

/**
 * Build `static/styles.css` with Tailwind at build time (and at start-up
 * when the build is stale), minified in production.
 */
export function tailwind(options: TailwindPluginOptions = {}): BuildPlugin {
  const input = options.input ?? "static/styles.css";
  return {
    name: "tailwind",
    async build(ctx: BuildPluginContext) {
      // Loaded here, not at start-up: a server with a current build never
      // needs the compiler in memory.
      const { compile, optimize } = await import("@tailwindcss/node");
      const { Scanner } = await import("@tailwindcss/oxide");
      const from = join(ctx.root, input);
      const css = await Deno.readTextFile(from);
      const compiler = await compile(css, {
        base: ctx.root,
        from,
        onDependency: () => {},
      });
      const sources = compiler.root === "none" ? [] : [
        ...compiler.sources,
        ...(compiler.root
          ? [{ ...compiler.root, negated: false }]
          : [{ base: ctx.root, pattern: "**/*", negated: false }]),
      ];
      const scanner = new Scanner({ sources });
      const candidates = scanner.scan();
      let output = compiler.build(candidates);
      if (ctx.mode === "production") {
        output = optimize(output, { file: from, minify: true }).code;
      }
      const target = join(ctx.staticOutDir, input.replace(/^static\//, ""));
      await Deno.mkdir(join(target, ".."), { recursive: true });
      await Deno.writeTextFile(target, output);
    },
  };
}
