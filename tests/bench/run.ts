/**
 * Runs every benchmark script of this folder (`*_bench.ts`) one after the
 * other, each in its own process so that their memory figures stay apart.
 * `deno task bench` calls this; pass names to run only some
 * (`deno task bench fresh store`; `store` also runs `backends` and
 * `reattach`, so both backends stand side by side). Options after the
 * names go to each script (`deno task bench ui --against <commit>`).
 *
 * @module
 */
const dir = new URL(".", import.meta.url);
/**
 * Names that stand for several scripts: `store` puts the CSV store's own
 * figures beside the CSV-vs-KV comparison and the reattach latency across
 * two instances.
 */
const GROUPS: Record<string, string[]> = {
  store: ["store", "backends", "reattach"],
};
const firstOption = Deno.args.findIndex((arg) => arg.startsWith("--"));
const names = firstOption < 0 ? Deno.args : Deno.args.slice(0, firstOption);
const options = firstOption < 0 ? [] : Deno.args.slice(firstOption);
const only = names.flatMap((name) => GROUPS[name] ?? [name]);
const scripts: string[] = [];
for await (const entry of Deno.readDir(dir)) {
  if (!entry.isFile || !entry.name.endsWith("_bench.ts")) continue;
  const name = entry.name.replace(/_bench\.ts$/, "");
  if (only.length === 0 || only.includes(name)) scripts.push(entry.name);
}
scripts.sort();
let failed = 0;
for (const script of scripts) {
  console.log(`\n=== ${script} ===`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(script, dir).pathname, ...options],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) failed++;
}
if (failed) {
  console.error(`${failed} benchmark script(s) failed`);
  Deno.exit(1);
}
