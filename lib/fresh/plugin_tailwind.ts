/**
 * Tailwind CSS 4 in the shape of `@fresh/plugin-tailwind`:
 * `tailwind(builder, options?)` registers a static-file transform on the
 * Builder. Each matching CSS file (e.g. `static/styles.css`, holding
 * `@import "tailwindcss"` and `@plugin` lines such as daisyUI) is compiled
 * with Tailwind's own compiler and the class names found in the project,
 * minified in production, and served from the build output.
 *
 * @module
 */
import { dirname } from "node:path";
import type { Builder } from "./dev.ts";
import type { OnTransformArgs, OnTransformOptions } from "./dev.ts";

/** Options of the Tailwind plugin. */
export interface TailwindPluginOptions {
  /** Files that are not Tailwind sources (e.g. vendored CSS). */
  exclude?: OnTransformOptions["exclude"];
  /** Minify the output; default: in production only. */
  optimize?: boolean | { minify?: boolean };
}

/** Compile one CSS file with Tailwind. */
async function compileCss(
  args: OnTransformArgs,
  optimizeOption: TailwindPluginOptions["optimize"],
): Promise<string> {
  // Loaded here, not at start-up: a server never needs the compiler.
  const { compile, optimize } = await import("@tailwindcss/node");
  const { Scanner } = await import("@tailwindcss/oxide");
  // As `@tailwindcss/postcss` (real Fresh's plugin): `@source` and
  // `@import` paths are relative to the stylesheet, and without `source()`
  // the project root is scanned.
  const compiler = await compile(args.text, {
    base: dirname(args.path),
    from: args.path,
    onDependency: () => {},
  });
  // `@source` entries always count; `source(none)` only turns off the
  // automatic scan of the project.
  const sources = [
    ...compiler.sources,
    ...(compiler.root === "none"
      ? []
      : compiler.root
      ? [{ ...compiler.root, negated: false }]
      : [{ base: args.root, pattern: "**/*", negated: false }]),
  ];
  const candidates = new Scanner({ sources }).scan();
  const output = compiler.build(candidates);
  const minify = optimizeOption === undefined
    ? args.mode === "production"
    : typeof optimizeOption === "object"
    ? optimizeOption.minify ?? true
    : optimizeOption;
  return minify
    ? optimize(output, { file: args.path, minify: true }).code
    : output;
}

/** Register Tailwind on the Builder; CSS files are compiled by the build. */
export function tailwind(
  builder: Builder,
  options: TailwindPluginOptions = {},
): void {
  builder.onTransformStaticFile(
    { pluginName: "tailwind", filter: /\.css$/, exclude: options.exclude },
    async (args) => ({ content: await compileCss(args, options.optimize) }),
  );
}
