import { assertEquals } from "@std/assert";
import { App, staticFiles } from "fresh";
import { ProdBuildCache, setBuildCache } from "fresh/internal";

/** Count `Deno.readDir` calls while `fn` runs. */
async function readDirCalls(fn: () => Promise<void>): Promise<number> {
  const own = Deno.readDir;
  let calls = 0;
  Deno.readDir = (path) => {
    calls++;
    return own(path);
  };
  try {
    await fn();
  } finally {
    Deno.readDir = own;
  }
  return calls;
}

Deno.test("Static files - a path ending in / goes to the routes without listing the folders; files are still served", async () => {
  const root = await Deno.makeTempDir({ prefix: "static_files_" });
  try {
    await Deno.mkdir(`${root}/public/sub`, { recursive: true });
    await Deno.mkdir(`${root}/routes`);
    await Deno.writeTextFile(`${root}/public/hello.txt`, "hello");
    await Deno.writeTextFile(`${root}/public/sub/a.txt`, "a");
    const app = new App()
      .use(staticFiles())
      .get("/", () => new Response("page"));
    setBuildCache(
      app,
      new ProdBuildCache(root, {
        snapshot: {
          buildId: "test",
          fingerprint: "test",
          mode: "production",
          boot: "",
          islands: {},
          islandDir: "islands",
          routeDir: "routes",
          staticDirs: ["public"],
          outDir: "_fresh",
        },
      }),
      "production",
    );
    const handler = app.handler();
    const get = async (path: string) => {
      const response = await handler(new Request(`http://localhost${path}`));
      return `${response.status} ${await response.text()}`;
    };
    // The build's routes are loaded by the first request, whatever it is.
    await handler(new Request("http://localhost/", { method: "POST" }));
    const first = await readDirCalls(async () => {
      assertEquals(await get("/"), "200 page");
      // A folder of the static files: nothing to serve, the routes answer.
      assertEquals((await get("/sub/")).slice(0, 3), "404");
    });
    assertEquals(first, 0);
    assertEquals(await get("/hello.txt"), "200 hello");
    assertEquals(await get("/sub/a.txt"), "200 a");
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
