/**
 * The flags `deno task start` gives `main.ts`, read from a copy's
 * `deno.json`, so that tests and benchmarks start the server the way people
 * do (`-P=start`, node_modules left as the task's build step installed it).
 *
 * @module
 */

/** The flags between `deno run` and `main.ts` in the start task. */
export async function startTaskFlags(root: string): Promise<string[]> {
  const config = JSON.parse(
    await Deno.readTextFile(`${root.replace(/\/$/, "")}/deno.json`),
  );
  const words = String(config.tasks.start).split("&&").at(-1)!.trim()
    .split(/\s+/);
  const main = words.indexOf("main.ts");
  if (words[0] !== "deno" || words[1] !== "run" || main < 0) {
    throw new Error(`The start task does not end in deno run … main.ts`);
  }
  return words.slice(2, main);
}

/**
 * The start task's flags with its permission set swapped for `-A`: for a
 * data folder outside `./data`, which the set does not allow.
 */
export async function startTaskFlagsAllowingAll(
  root: string,
): Promise<string[]> {
  const flags = await startTaskFlags(root);
  return [
    "-A",
    ...flags.filter((f) => !/^(-P|--permission-set|-A$|--allow-)/.test(f)),
  ];
}
