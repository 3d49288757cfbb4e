/**
 * The app's own settings shared by `dev.ts` (the build) and `main.ts` (the
 * app), typed with what Fresh 2 exports: where the project's files live,
 * the Tailwind options, and the folder our own build step fills with
 * vendored browser assets (KaTeX's stylesheet and fonts).
 *
 * @module
 */
import type { FreshConfig } from "fresh";
import type { BuildOptions } from "fresh/dev";
import type { TailwindPluginOptions } from "@fresh/plugin-tailwind";

/** What `main.ts` hands to `new App()`. */
export const appConfig: FreshConfig = {};

/**
 * Generated static files (git-ignored), written by `dev.ts` before the
 * Builder runs so that the build serves them like any file of `static/`.
 */
export const VENDOR_DIR = "static/vendor";

/** What `dev.ts` hands to `new Builder()`. */
export const buildOptions: BuildOptions = {
  root: import.meta.dirname,
  outDir: "_fresh",
  staticDir: "static",
  serverEntry: "main.ts",
};

/** Tailwind compiles `static/styles.css`; vendored CSS stays as it is. */
export const tailwindOptions: TailwindPluginOptions = {
  exclude: [`/${VENDOR_DIR}/`],
};
