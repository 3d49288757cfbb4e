/**
 * The container files can't be built on the test machines (no Docker), so
 * what can be checked is checked: they start the app the way the README
 * says, as an unprivileged user, bound to every interface, with the
 * history on a named volume and a health check on /healthz.
 */
import { assert, assertEquals, assertMatch } from "@std/assert";

const root = new URL("../", import.meta.url);
const read = (name: string) => Deno.readTextFile(new URL(name, root));

/** Dockerfile instructions (continuation lines joined). */
async function instructions(): Promise<[string, string][]> {
  const text = (await read("Dockerfile")).replace(/\\\n/g, " ");
  return text.split("\n").map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => {
      const at = l.indexOf(" ");
      return [l.slice(0, at).toUpperCase(), l.slice(at + 1).trim()];
    });
}

Deno.test("Deploy files - the Dockerfile runs what the README documents", async () => {
  const steps = await instructions();
  const get = (name: string) =>
    steps.filter(([n]) => n === name).map(([, v]) => v);
  // Official image, the Deno this project is tested with.
  assertEquals(get("FROM"), [`denoland/deno:${Deno.version.deno}`]);
  const readme = await read("README.md");
  const cmd = JSON.parse(get("CMD")[0]) as string[];
  assertEquals(cmd, ["deno", "task", "start"]);
  assert(
    readme.includes(`The container runs \`${cmd.join(" ")}\``),
    "the README names the container's command",
  );
  const tasks = JSON.parse(await read("deno.json")).tasks;
  assert(tasks.start, "deno task start exists");
  // Not root, every interface, data on the volume the README names.
  const user = get("USER");
  assertEquals(user.length, 1);
  assert(!["root", "0"].includes(user[0]));
  const env = get("ENV").join(" ");
  assertMatch(env, /\bHOSTNAME=0\.0\.0\.0\b/);
  assertMatch(env, /\bDATA_DIR=\.\/data\b/);
  assertEquals(get("WORKDIR"), ["/app"]);
  assertEquals(get("VOLUME"), ['["/app/data"]']);
  assert(readme.includes("/app/data"));
  const health = get("HEALTHCHECK")[0];
  assertMatch(health, /\/healthz/);
  // The build happens in the image, from the lock file.
  assertMatch(get("RUN").join(" "), /deno install --frozen .*deno task build/);
});

Deno.test("Deploy files - compose keeps the history in a named volume", async () => {
  const compose = await read("compose.yaml");
  const mount = compose.match(/^\s+- ([\w-]+):\/app\/data\s*$/m);
  assert(mount, "a volume is mounted at /app/data");
  const volumes = compose.slice(compose.search(/^volumes:/m));
  assertMatch(volumes, new RegExp(`^  ${mount[1]}:`, "m"));
  assertMatch(compose, /^\s+build: \.\s*$/m);
  // The image is built without the local history or build output.
  const ignored = (await read(".dockerignore")).split("\n");
  for (const name of ["data", "node_modules", "_fresh", ".git"]) {
    assert(ignored.includes(name), `.dockerignore leaves out ${name}`);
  }
});
