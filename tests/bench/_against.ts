/**
 * `deno task bench ui --against <commit>`: the app as it was at another
 * commit, built and started from a copy outside the repository (`git
 * archive` into a temporary folder, so the repository is not touched), fed
 * the same conversations over HTTP as the app of the working tree, and
 * weighed the same way in the same run. For "no worse than before"
 * questions that figures from separate runs cannot answer.
 *
 * @module
 */
import { brotliCompressSync, constants, gzipSync } from "node:zlib";
import type { BrowserContext } from "playwright-core";
import { startMain } from "../_helpers/main_process.ts";
import { eagerScripts } from "../_helpers/page_weight.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** A server of the app at some commit, running in its own process. */
export interface AppAt {
  base: string;
  close(): Promise<void>;
}

/**
 * The commit after `--against` in the arguments, or undefined without
 * `--against`; throws when `--against` names none.
 */
export function againstCommit(): string | undefined {
  const at = Deno.args.indexOf("--against");
  if (at < 0) return undefined;
  const commit = Deno.args[at + 1];
  if (!commit) throw new Error("--against needs a commit");
  return commit;
}

/** Run `args` in `cwd`; its stdout, or an error with its stderr. */
export async function run(args: string[], cwd: string): Promise<string> {
  const out = await new Deno.Command(args[0], {
    args: args.slice(1),
    cwd,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder().decode(out.stdout);
  if (!out.success) {
    throw new Error(
      `${args.join(" ")} failed: ${new TextDecoder().decode(out.stderr)}`,
    );
  }
  return text;
}

/**
 * Copy `commit`'s tree into a new temporary folder and build its client
 * assets there (as that commit's own build command does). Returns the
 * folder and the commit's short name.
 */
export async function buildAt(
  commit: string,
): Promise<{ dir: string; name: string }> {
  const name = (await run(["git", "rev-parse", "--short", commit], ROOT))
    .trim();
  const dir = await Deno.makeTempDir({ prefix: `app_at_${name}_` });
  const archive = `${dir}.tar`;
  await run(["git", "archive", "-o", archive, commit], ROOT);
  await run(["tar", "-xf", archive, "-C", dir], ROOT);
  await Deno.remove(archive);
  const hasDevTs = await Deno.stat(`${dir}/dev.ts`).then(
    () => true,
    () => false,
  );
  await run(
    [
      Deno.execPath(),
      "run",
      "-A",
      ...(hasDevTs ? ["dev.ts", "build"] : ["main.ts", "--build"]),
    ],
    dir,
  );
  return { dir, name };
}

/** Start the app built in `dir` on a free port with an empty `dataDir`. */
export async function startAt(dir: string, dataDir: string): Promise<AppAt> {
  const { child, base, drained } = await startMain(dataDir, {
    DEMO_TOKEN_DELAY_MS: "0",
  }, { cwd: dir });
  return {
    base,
    async close() {
      child.kill("SIGTERM");
      await child.status;
      await drained;
    },
  };
}

/** What both apps are given: the conversations the figures are about. */
export interface Seeded {
  /** Plain text, a code block and math: every renderer is loaded. */
  mixed: string;
  /** 2,000 messages, with 50 other conversations in the sidebar. */
  big: string;
}

async function importOne(
  base: string,
  title: string,
  messages: { role: string; content: string }[],
): Promise<string> {
  const response = await fetch(`${base}/api/import`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: base },
    body: JSON.stringify({
      format: "liveaichat.conversation",
      conversation: { title },
      messages,
    }),
  });
  if (response.status !== 201) {
    throw new Error(`import: ${response.status} ${await response.text()}`);
  }
  return (await response.json()).imported[0].id;
}

/** The ten words the benches' conversations are written with. */
export const WORDS: string[] =
  "alpha beta gamma delta stream token reply csv island signal".split(" ");

/** `n` of the `WORDS`, in an order set by `seed`. */
export function words(n: number, seed: number): string {
  return Array.from(
    { length: n },
    (_, i) => WORDS[(seed + i * 7) % WORDS.length],
  ).join(" ");
}

/**
 * Message `i` of the 2,000-message conversation: a user's line of words at
 * even `i`, an assistant's heading, paragraph, list and code block at odd.
 */
export function bigMessageContent(i: number): string {
  return i % 2
    ? `## Part ${i}\n\n${words(40, i)}\n\n- ${words(5, i)}\n- ${
      words(6, i)
    }\n\n\`\`\`ts\nconst x = ${i};\n\`\`\``
    : words(12, i);
}

/**
 * A conversation with plain text, a code block and math: a page of it
 * loads the markdown renderer, the highlighter and KaTeX.
 */
export const MIXED: {
  title: string;
  messages: { role: "user" | "assistant"; content: string }[];
} = {
  title: "Code, math and text",
  messages: [
    {
      role: "user",
      content: "Show me a loop, the area of a circle and say hi.",
    },
    {
      role: "assistant",
      content:
        "Hi there.\n\n```ts\nfor (let i = 0; i < 3; i++) console.log(i);\n```\n\n" +
        "The area is $A = \\pi r^2$, and\n\n$$\\int_0^1 x^2\\,dx = \\tfrac13$$",
    },
  ],
};

/** Give the app at `base` the same conversations, through its import API. */
export async function seedOverHttp(base: string): Promise<Seeded> {
  const big = await importOne(
    base,
    "Two thousand messages",
    Array.from({ length: 2000 }, (_, i) => ({
      role: i % 2 ? "assistant" : "user",
      content: bigMessageContent(i),
    })),
  );
  for (let i = 0; i < 50; i++) {
    await importOne(base, `${words(4, i)} #${i}`, [
      { role: "user", content: words(12, i) },
      { role: "assistant", content: words(40, i) },
    ]);
  }
  const mixed = await importOne(base, MIXED.title, MIXED.messages);
  return { mixed, big };
}

/** Bytes as a browser gets them: brotli (quality 11, as the build does). */
function br(bytes: Uint8Array): number {
  return brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11 },
  }).byteLength;
}

function gz(bytes: Uint8Array): number {
  return gzipSync(bytes, { level: 9 }).byteLength;
}

/**
 * The figures compared across commits, each file compressed here the same
 * way for both (the older app may not compress at all): JS at load (the
 * island entries and their static imports), all JS and CSS Chromium
 * fetches for the code+math+text page, and the HTML of `/c/:id` for
 * 2,000 messages and of `/`, uncompressed.
 */
export async function weigh(
  context: BrowserContext,
  base: string,
  seeded: Seeded,
): Promise<Record<string, number>> {
  const page = await context.newPage();
  const files = new Map<string, { type: string; body: Uint8Array }>();
  page.on("response", async (response) => {
    const type = response.request().resourceType();
    if (type !== "script" && type !== "stylesheet") return;
    try {
      files.set(response.url(), { type, body: await response.body() });
    } catch { /* a redirect or aborted request has no body */ }
  });
  await page.goto(`${base}/c/${seeded.mixed}`, { waitUntil: "load" });
  // Until the lazily imported renderer, highlighter and KaTeX are in.
  let count = -1;
  while (count !== files.size) {
    count = files.size;
    await page.waitForTimeout(1500);
  }
  await page.close();
  const sum = (type: string, size: (b: Uint8Array) => number) =>
    [...files.values()].filter((f) => f.type === type)
      .reduce((n, f) => n + size(f.body), 0);
  const html = await (await fetch(`${base}/c/${seeded.mixed}`)).text();
  const eager = await eagerScripts(base, html);
  const eagerSum = (size: (b: Uint8Array) => number) =>
    eager.reduce((n, b) => n + size(b), 0);
  const text = async (path: string) =>
    (await (await fetch(`${base}${path}`)).bytes()).byteLength;
  return {
    "JS at load, br": eagerSum(br),
    "JS at load, gzip -9": eagerSum(gz),
    "JS at load, decoded": eagerSum((b) => b.byteLength),
    "JS for the code+math+text page, br": sum("script", br),
    "JS for the code+math+text page, decoded": sum(
      "script",
      (b) => b.byteLength,
    ),
    "CSS, br": sum("stylesheet", br),
    "CSS, gzip -9": sum("stylesheet", gz),
    "CSS, decoded": sum("stylesheet", (b) => b.byteLength),
    "HTML of /c/:id, 2,000 messages (uncompressed)": await text(
      `/c/${seeded.big}`,
    ),
    "HTML of / (uncompressed)": await text("/"),
  };
}
