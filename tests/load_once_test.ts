import { assertEquals, assertRejects } from "@std/assert";
import { loadOnce } from "../lib/load_once.ts";

Deno.test("Load once - a failed load is tried again; a finished one is shared", async () => {
  const dir = await Deno.makeTempDir({ prefix: "load_once_" });
  try {
    let loads = 0;
    const load = loadOnce(() => {
      loads++;
      return Deno.readTextFile(`${dir}/late.txt`);
    });
    // Not there yet: this use fails...
    await assertRejects(() => load(), Deno.errors.NotFound);
    await Deno.writeTextFile(`${dir}/late.txt`, "here");
    // ...and the next one loads it, instead of failing until a restart.
    assertEquals(await Promise.all([load(), load()]), ["here", "here"]);
    assertEquals(await load(), "here");
    assertEquals(loads, 2);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Load once - Deno itself keeps a failed import() failed for the process", async () => {
  // Why clearing does not make a missing module appear: the runtime's
  // module map remembers the failure of a specifier (missing file, syntax
  // error, a throw while it runs), so only a restart loads it.
  const dir = await Deno.makeTempDir({ prefix: "load_once_" });
  try {
    const url = new URL(`file://${dir}/late.ts`).href;
    const load = loadOnce(() => import(url));
    await assertRejects(() => load());
    await Deno.writeTextFile(`${dir}/late.ts`, "export const answer = 42;\n");
    await assertRejects(() => load(), TypeError, "Module not found");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
