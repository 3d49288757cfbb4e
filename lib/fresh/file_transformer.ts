/**
 * Static-file transforms, as Fresh 2's `builder.onTransformStaticFile()`:
 * a plugin (e.g. Tailwind) names the files it handles and returns their new
 * content; the result is written to the build output, which is served
 * ahead of the source folder.
 *
 * @module
 */
import { join, relative } from "node:path";
import { walkFiles } from "./build.ts";

/** Which files a transform handles. */
export interface OnTransformOptions {
  pluginName: string;
  filter: RegExp;
  /** Paths (substrings of the absolute path) or patterns to leave alone. */
  exclude?: Array<string | RegExp>;
}

/** What a transform returns for a file. */
export interface OnTransformResult {
  content: string | Uint8Array;
  /** Write under this path instead (absolute, inside the static folder). */
  path?: string;
  map?: string | Uint8Array;
}

/** What a transform is given. */
export interface OnTransformArgs {
  path: string;
  target: string | string[];
  text: string;
  content: Uint8Array;
  mode: "development" | "production";
  root: string;
}

/** A transform; `void` leaves the file as it is. */
export type TransformFn = (
  args: OnTransformArgs,
) => void | OnTransformResult | Promise<void | OnTransformResult>;

/** A registered transform. */
export interface StaticTransform {
  options: OnTransformOptions;
  fn: TransformFn;
}

function excluded(path: string, exclude: Array<string | RegExp> = []) {
  return exclude.some((e) =>
    typeof e === "string" ? path.includes(e) : e.test(path)
  );
}

/**
 * Run the transforms over the static folders; returns a digest line per
 * written file, so the build id changes when their output does.
 */
export async function transformStaticFiles(
  transforms: StaticTransform[],
  options: {
    dirs: string[];
    outDir: string;
    /** The build output, never read as a source. */
    skipDir: string;
    mode: "development" | "production";
    target: string | string[];
    root: string;
  },
): Promise<string[]> {
  if (transforms.length === 0) return [];
  const written: string[] = [];
  for (const dir of options.dirs) {
    for await (const path of walkFiles(dir)) {
      if (path.startsWith(options.skipDir)) continue;
      const matching = transforms.filter((t) =>
        t.options.filter.test(path) && !excluded(path, t.options.exclude)
      );
      if (matching.length === 0) continue;
      let content: Uint8Array = await Deno.readFile(path);
      let target = join(options.outDir, relative(dir, path));
      for (const { fn } of matching) {
        const result = await fn({
          path,
          target: options.target,
          text: new TextDecoder().decode(content),
          content,
          mode: options.mode,
          root: options.root,
        });
        if (!result) continue;
        content = typeof result.content === "string"
          ? new TextEncoder().encode(result.content)
          : result.content;
        if (result.path) {
          target = join(options.outDir, relative(dir, result.path));
        }
      }
      await Deno.mkdir(join(target, ".."), { recursive: true });
      await Deno.writeFile(target, content);
      const hash = new Uint8Array(
        await crypto.subtle.digest("SHA-256", content as BufferSource),
      );
      written.push(`${relative(options.outDir, target)}:${hash.join(",")}`);
    }
  }
  return written;
}
