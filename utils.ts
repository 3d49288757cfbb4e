/**
 * Shared route helpers: the app's `State` and the `define` helpers typed
 * with it, as in a Fresh project's `utils.ts`.
 *
 * @module
 */
import { createDefine } from "fresh";
import type { Services } from "./lib/services.ts";

/** Per-request state set by the app's first middleware. */
export interface State {
  services: Services;
  /** Page title set by a route; `_app` shows it before the product name. */
  title?: string;
}

/** `define.page`, `define.handlers`, `define.middleware` typed with `State`. */
export const define = createDefine<State>();
