/**
 * The layering rules of the project, checked on every file's imports
 * (`deno task check` runs this):
 *
 * - browser code (`islands/`, `components/`, `lib/client/`) imports only
 *   `lib/api/`, `lib/markdown/`, browser-safe helpers (`lib/sidebar/`,
 *   `lib/theme.ts`) and other browser code, never a server module;
 * - `lib/fresh/` imports nothing of the app, only itself and `lib/std/`;
 * - `lib/std/` imports only itself; `lib/api/` only the records it names;
 * - `lib/store/` never imports `lib/chat/`, `lib/ai/`, `lib/conversations/`
 *   or anything above it; `lib/ai/` never imports `lib/chat/` or the store;
 * - no `lib/` module imports `routes/`, `islands/`, `components/` or the
 *   top-level app files.
 *
 * Run: `deno run --allow-read .ci/check_imports.ts [root]`.
 *
 * @module
 */
import { dirname, join, normalize, relative } from "node:path";

/** One import that breaks a rule. */
export interface Violation {
  /** The importing file, relative to the root. */
  file: string;
  /** The imported file, relative to the root. */
  target: string;
  /** The rule it breaks. */
  rule: string;
}

interface Rule {
  /** Files the rule is about (path prefixes relative to the root). */
  from: string[];
  /** Imports it forbids: a target outside `allow`, or inside `deny`. */
  allow?: string[];
  deny?: string[];
  name: string;
}

const BROWSER = ["islands/", "components/", "lib/client/"];
const APP_FILES = ["main.ts", "dev.ts", "utils.ts", "fresh.config.ts"];

const RULES: Rule[] = [
  {
    name: "browser code imports only lib/api, lib/markdown and browser code",
    from: BROWSER,
    allow: [
      ...BROWSER,
      "lib/api/",
      "lib/markdown/",
      "lib/sidebar/",
      "lib/theme.ts",
    ],
  },
  {
    name: "lib/fresh imports no app code (only lib/fresh and lib/std)",
    from: ["lib/fresh/"],
    allow: ["lib/fresh/", "lib/std/"],
  },
  {
    name: "lib/std imports only itself",
    from: ["lib/std/"],
    allow: ["lib/std/"],
  },
  {
    name: "lib/api, the wire contract, imports nothing else of ours",
    from: ["lib/api/"],
    allow: ["lib/api/"],
  },
  {
    name: "lib/store never imports the chat service, models or domain entries",
    from: ["lib/store/"],
    deny: ["lib/chat/", "lib/ai/", "lib/conversations/", "lib/services.ts"],
  },
  {
    name: "lib/ai never imports the chat service or the store",
    from: ["lib/ai/"],
    deny: ["lib/chat/", "lib/store/", "lib/conversations/"],
  },
  {
    name: "lib never imports routes, islands, components or app files",
    from: ["lib/"],
    deny: ["routes/", "islands/", "components/", ...APP_FILES],
  },
];

/** Known exceptions, each `file -> target`: none today. */
const EXCEPTIONS = new Set<string>();

const SOURCE = /\.(tsx?|jsx?)$/;
const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^"']*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

async function* sourceFiles(root: string, dir: string): AsyncGenerator<string> {
  let entries: Deno.DirEntry[];
  try {
    entries = await Array.fromAsync(Deno.readDir(join(root, dir)));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return;
    throw error;
  }
  for (const entry of entries) {
    const path = dir ? `${dir}/${entry.name}` : entry.name;
    if (entry.isDirectory && !entry.name.startsWith(".")) {
      yield* sourceFiles(root, path);
    } else if (entry.isFile && SOURCE.test(entry.name)) yield path;
  }
}

/** The local files a module imports, relative to the root. */
export function localImports(file: string, text: string): string[] {
  const targets: string[] = [];
  for (const match of text.matchAll(IMPORT)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (!specifier?.startsWith(".")) continue;
    targets.push(normalize(join(dirname(file), specifier)));
  }
  return targets;
}

function under(path: string, prefixes: string[]): boolean {
  return prefixes.some((p) =>
    p.endsWith("/") ? path.startsWith(p) : path === p
  );
}

/** Every import of the app's sources (below `root`) that breaks a rule. */
export async function checkImports(root: string): Promise<Violation[]> {
  const violations: Violation[] = [];
  for (const dir of ["islands", "components", "lib", "routes"]) {
    for await (const file of sourceFiles(root, dir)) {
      if (/(_test|\.test)\.[tj]sx?$/.test(file)) continue;
      const text = await Deno.readTextFile(join(root, file));
      for (const target of localImports(file, text)) {
        if (EXCEPTIONS.has(`${file} -> ${target}`)) continue;
        for (const rule of RULES) {
          if (!under(file, rule.from)) continue;
          const broken = (rule.allow && !under(target, rule.allow)) ||
            (rule.deny && under(target, rule.deny));
          if (broken) violations.push({ file, target, rule: rule.name });
        }
      }
    }
  }
  return violations;
}

if (import.meta.main) {
  const root = Deno.args[0] ??
    relative(Deno.cwd(), new URL("..", import.meta.url).pathname) ?? ".";
  const violations = await checkImports(root || ".");
  for (const v of violations) {
    console.error(`${v.file} imports ${v.target}: ${v.rule}`);
  }
  if (violations.length > 0) Deno.exit(1);
  console.log("Imports follow the layering rules.");
}
