/**
 * App configuration for the Fresh layer: where the project lives and which
 * build plugins run (Tailwind CSS with daisyUI, from `static/styles.css`).
 *
 * @module
 */
import type { FreshConfig } from "fresh";
import { tailwind } from "@fresh/plugin-tailwind";

/** The configuration `main.ts` hands to `new App()`. */
const config: FreshConfig = {
  root: import.meta.dirname,
  buildDir: "_fresh",
  plugins: [tailwind()],
};

export default config;
