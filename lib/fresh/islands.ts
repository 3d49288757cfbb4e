/**
 * The island registry: every exported function component of a file in
 * `islands/` is an island. The server looks components up here while
 * rendering to know which ones to mark and ship to the browser.
 *
 * @module
 */
import { join } from "node:path";
import { toFileUrl } from "./path.ts";
import type { Island } from "./types.ts";

/** One island component and where its bundle lives. */
export interface IslandInfo {
  /** Unique name used in the page markers. */
  name: string;
  /** The export that holds the component. */
  exportName: string;
  /** URL of the bundle that exports it. */
  chunk: string;
  component: Island;
}

// Keyed by the component function itself: JSX anywhere in the process
// (sync or async components) refers to the same module instance.
const byComponent = new Map<unknown, IslandInfo>();

/** The island info of a component, if it is an island. */
export function islandOf(component: unknown): IslandInfo | undefined {
  return byComponent.get(component);
}

/** Loads the components of `islands/` into the process-wide registry. */
export class IslandRegistry {
  /** Import each island file of `dir` and register its function exports. */
  async load(dir: string, chunks: Record<string, string>): Promise<void> {
    const names = new Set<string>();
    for (const [file, chunk] of Object.entries(chunks)) {
      const module = await import(toFileUrl(join(dir, file)));
      const base = file.replace(/\.[^.]+$/, "").replace(/[^a-zA-Z0-9]+/g, "_");
      for (const [exportName, value] of Object.entries(module)) {
        if (typeof value !== "function") continue;
        let name = exportName === "default" ? base : `${base}_${exportName}`;
        while (names.has(name)) name += "_";
        names.add(name);
        byComponent.set(value, {
          name,
          exportName,
          chunk,
          component: value as Island,
        });
      }
    }
  }
}
