/**
 * App configuration for the Fresh layer: where the project lives and which
 * build steps run: Tailwind CSS with daisyUI (from `static/styles.css`) and
 * KaTeX's stylesheet and fonts, served for formulas in replies.
 *
 * @module
 */
import type { FreshConfig } from "fresh";
import { tailwind } from "@fresh/plugin-tailwind";
import {
  copyKatexAssets,
  MARKDOWN_BROWSER_ALIASES,
} from "./lib/markdown/vendor.ts";

/** The configuration `main.ts` hands to `new App()`. */
const config: FreshConfig = {
  root: import.meta.dirname,
  buildDir: "_fresh",
  plugins: [
    tailwind(),
    {
      name: "katex-assets",
      build: async (ctx) => {
        await copyKatexAssets(ctx.staticOutDir);
      },
    },
  ],
  // The browser decodes HTML entities itself: no entity tables shipped.
  alias: { ...MARKDOWN_BROWSER_ALIASES },
};

export default config;
