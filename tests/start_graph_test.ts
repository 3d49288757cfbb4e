/**
 * What the server loads before its first page: the modules `main.ts` and
 * the `/` route import statically (the graph Deno loads and runs at once),
 * read from `deno info --json`. Code that only some requests need (imports,
 * uploads) is imported when first used, so that start-up does not pay for
 * loading and running it.
 */
import { assertEquals } from "@std/assert";

const ROOT = new URL("../", import.meta.url);

interface GraphModule {
  specifier: string;
  dependencies?: {
    code?: { specifier: string };
    isDynamic?: boolean;
  }[];
}

/** Every module `file` loads before it runs: static, non-type imports. */
async function loadedAtOnce(file: string): Promise<string[]> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", file],
    cwd: ROOT,
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!out.success) throw new Error(new TextDecoder().decode(out.stderr));
  const graph = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    roots: string[];
    modules: GraphModule[];
  };
  const deps = new Map(
    graph.modules.map((m) => [
      m.specifier,
      (m.dependencies ?? []).filter((d) => !d.isDynamic && d.code)
        .map((d) => d.code!.specifier),
    ]),
  );
  const seen = new Set(graph.roots);
  const queue = [...graph.roots];
  for (let at = queue.shift(); at !== undefined; at = queue.shift()) {
    for (const next of deps.get(at) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return [...seen].map((s) => s.replace(ROOT.href, ""));
}

/** What only imports and uploads need. */
const LATER = [
  "lib/store/import.ts",
  "lib/store/json_stream.ts",
  "lib/attachments/sniff.ts",
  "lib/std/_csv_parse_stream.ts",
  "npm:image-size",
  "npm:@streamparser/json",
  "csv-parse@7.0.3/stream",
];

Deno.test("Start-up - importers and upload sniffers load with their first use, not with the server", async () => {
  for (
    const file of ["main.ts", "routes/index.tsx", "lib/attachments/mod.ts"]
  ) {
    const loaded = await loadedAtOnce(file);
    assertEquals(
      loaded.filter((s) => LATER.some((later) => s.includes(later))),
      [],
      `${file} loads these at once`,
    );
  }
});

Deno.test("Start-up - a CSV server never reads Deno.Kv, whose first read loads Deno's KV module", async () => {
  const { createServices } = await import("../lib/services.ts");
  const { readConfig } = await import("../lib/config.ts");
  const dataDir = await Deno.makeTempDir({ prefix: "start_graph_" });
  const own = Object.getOwnPropertyDescriptor(Deno, "Kv");
  let reads = 0;
  Object.defineProperty(Deno, "Kv", {
    configurable: true,
    get() {
      reads++;
      return own?.get ? own.get.call(Deno) : own?.value;
    },
  });
  try {
    const config = readConfig(new Map<string, string>(), {
      port: 0,
      store: "csv",
      dataDir,
    });
    const services = await createServices(config);
    await services.close();
  } finally {
    if (own) Object.defineProperty(Deno, "Kv", own);
    else delete (Deno as { Kv?: unknown }).Kv;
    await Deno.remove(dataDir, { recursive: true });
  }
  assertEquals(reads, 0);
});
