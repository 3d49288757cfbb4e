import { assert, assertEquals } from "@std/assert";
import { demoReply } from "../lib/ai/demo_reply.ts";

const readme = await Deno.readTextFile(
  new URL("../README.md", import.meta.url),
);

/** Every test file's text, to see which tools the suite runs. */
async function testSources(dir: URL): Promise<string[]> {
  const out: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    if (entry.name.startsWith(".")) continue;
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) out.push(...await testSources(url));
    else if (entry.name.endsWith(".ts")) out.push(await Deno.readTextFile(url));
  }
  return out;
}

Deno.test("README - suggests the same 'count to N' as the demo model", () => {
  const tip = demoReply("Hello").match(/count to \d+/)?.[0];
  assert(tip, "the demo reply suggests a count");
  const mentioned = [...readme.matchAll(/count to \d+/g)].map((m) => m[0]);
  assert(mentioned.length > 0, "the README suggests a count");
  assertEquals(new Set(mentioned), new Set([tip]));
});

Deno.test("README - lists the programs the tests need", async () => {
  const sources = await testSources(new URL("./", import.meta.url));
  const self = "README - lists the programs";
  for (const program of ["python3", "chromium"]) {
    const used = sources.some((s) =>
      !s.includes(self) && s.includes(`"${program}"`) ||
      s.includes(`/usr/bin/${program}`)
    );
    if (used) assert(readme.includes(program), `README names ${program}`);
  }
});

Deno.test("README - says how the data files behave", async () => {
  // The store has no way to cut messages off a file (edit and regenerate
  // add versions), so the README may call messages files append-only, and
  // must stop if a way to drop them ever comes back.
  const contract = await Deno.readTextFile(
    new URL("../lib/store/types.ts", import.meta.url),
  );
  const drops = /truncate|deleteMessage|dropMessages/i.test(contract);
  assertEquals(readme.includes("append-only"), !drops, "append-only claim");
  assert(readme.includes("raw text"), "data CSVs hold raw text");
  assert(/formula/i.test(readme), "exports are formula-escaped");
});

Deno.test("README - shows a picture of the app near the top", async () => {
  const image = readme.match(/!\[[^\]]+\]\(([^)]+\.png)\)/);
  assert(image, "an image in the README");
  assert(readme.indexOf(image[0]) < readme.indexOf("## Quick start"));
  const file = await Deno.stat(new URL(`../${image[1]}`, import.meta.url));
  assert(file.size > 10_000, "a real screenshot");
});

Deno.test("README - says where deleted conversations live", () => {
  assert(readme.includes("DATA_DIR/trash/"), "names the trash folder");
  assert(readme.includes("`TRASH_DAYS`"), "names the retention setting");
  assert(readme.includes("Recently deleted"), "names the view");
});

Deno.test("README - the API table lists every route of routes/api", async () => {
  const section = readme.slice(readme.indexOf("## API"));
  const table = section.slice(0, section.indexOf("\n## "));
  const root = new URL("../routes/api/", import.meta.url);
  const paths: string[] = [];
  const walk = async (dir: URL, prefix: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const name = entry.name.replace(/\[(\w+)\]/, ":$1");
      if (entry.isDirectory) {
        await walk(new URL(entry.name + "/", dir), `${prefix}/${name}`);
      } else if (!entry.name.startsWith("_")) {
        const file = name.replace(/\.tsx?$/, "");
        paths.push(file === "index" ? prefix : `${prefix}/${file}`);
      }
    }
  };
  await walk(root, "/api");
  assert(paths.length > 5, "routes were found");
  for (const path of paths) {
    assert(
      new RegExp(
        `\\b[A-Z]+ ${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}[\`?]`,
      )
        .test(table),
      `the API table lists ${path}`,
    );
  }
});
