import { assertEquals } from "@std/assert";
import { checkImports, localImports } from "../../.ci/check_imports.ts";

const root = new URL("../../", import.meta.url).pathname;

async function tree(files: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "layering_" });
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(`${dir}/${path.slice(0, path.lastIndexOf("/"))}`, {
      recursive: true,
    });
    await Deno.writeTextFile(`${dir}/${path}`, text);
  }
  return dir;
}

Deno.test("Layering - the project follows its import rules", async () => {
  assertEquals(await checkImports(root), []);
});

Deno.test("Layering - breaking a rule is reported with the file, target and rule", async () => {
  const dir = await tree({
    "islands/chat.tsx": 'import { openCsvStore } from "../lib/store/mod.ts";\n',
    "lib/store/mod.ts": 'export * from "../chat/mod.ts";\n',
    "lib/fresh/app.ts": 'import type { State } from "../../utils.ts";\n',
    "lib/client/ok.ts":
      'import type { Message } from "../api/mod.ts";\nconst m = await import("../markdown/live.ts");\n',
  });
  try {
    const found = (await checkImports(dir)).map((v) =>
      `${v.file} -> ${v.target}`
    );
    assertEquals(found.sort(), [
      "islands/chat.tsx -> lib/store/mod.ts",
      "lib/fresh/app.ts -> utils.ts",
      "lib/fresh/app.ts -> utils.ts",
      "lib/store/mod.ts -> lib/chat/mod.ts",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Layering - static, re-export, type and dynamic imports are all seen", () => {
  assertEquals(
    localImports(
      "lib/x/a.ts",
      [
        'import { a } from "./b.ts";',
        'export { c } from "../c/mod.ts";',
        'import type { D } from "../../d.ts";',
        'const e = await import("./e.ts");',
        'import "./side.ts";',
        'import { f } from "npm-package";',
      ].join("\n"),
    ),
    ["lib/x/b.ts", "lib/c/mod.ts", "d.ts", "lib/x/e.ts", "lib/x/side.ts"],
  );
});
