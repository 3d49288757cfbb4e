/**
 * Markdown rendering cost while a long reply streams in, and the size of the
 * renderer in the browser bundle.
 *
 * Renders a ~20k-token reply at 100 growing prefixes in streaming mode (what
 * the chat island does on animation frames) and compares each render with a
 * plain HTML escape and a `JSON.stringify` of the same prefix in the same
 * run. Run: `deno run -A tests/bench/markdown_bench.ts`.
 */
import * as esbuild from "esbuild";
import { renderMarkdown } from "../../lib/markdown/mod.ts";
import { completeStreamingText } from "../../lib/markdown/streaming.ts";
import { MARKDOWN_BROWSER_ALIASES } from "../../lib/markdown/vendor.ts";

const TARGET_TOKENS = 20_000;
const CHARS_PER_TOKEN = 4;
const PREFIXES = 100;
const REPEATS = 5;

/** A deterministic pseudo-random reply mixing the blocks models write. */
function makeReply(targetChars: number): string {
  let seed = 42;
  const random = () =>
    (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const words = [
    "stream",
    "render",
    "**bold**",
    "`code()`",
    "signal",
    "reply",
    "token",
    "*fast*",
    "island",
    "server",
    "[docs](https://example.com/docs)",
    "$x^2$",
    "value",
    "the",
    "and",
    "of",
  ];
  const sentence = () => {
    const count = 8 + Math.floor(random() * 12);
    const parts = Array.from({ length: count }, () => pick(words));
    return parts.join(" ") + ".";
  };
  const blocks = [
    () => `## ${sentence()}`,
    () => Array.from({ length: 3 }, sentence).join(" "),
    () => Array.from({ length: 4 }, () => `- ${sentence()}`).join("\n"),
    () => `- [x] ${sentence()}\n- [ ] ${sentence()}`,
    () =>
      "| Name | Value | Note |\n|:--|--:|---|\n" +
      Array.from({ length: 5 }, (_, i) =>
        `| row ${i} | ${i * 7} | ${pick(words)} |`).join("\n"),
    () =>
      "```ts\n" +
      Array.from({ length: 8 }, (_, i) =>
        `const v${i} = items.map((x) => x * ${i}); // ${pick(words)}`)
        .join("\n") +
      "\n```",
    () => "$$\n\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}\n$$",
  ];
  const parts: string[] = [];
  let length = 0;
  while (length < targetChars) {
    const block = pick(blocks)();
    parts.push(block);
    length += block.length + 2;
  }
  return parts.join("\n\n") + "\n";
}

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(
    ">",
    "&gt;",
  )
    .replaceAll('"', "&quot;");
}

function timeMs(fn: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    fn();
    best = Math.min(best, performance.now() - start);
  }
  return best;
}

async function gzipSize(bytes: Uint8Array): Promise<number> {
  const stream = new Blob([new Uint8Array(bytes)]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return (await new Response(stream).arrayBuffer()).byteLength;
}

async function bundleSize(
  entry: string,
  alias: Record<string, string>,
): Promise<{ min: number; gzip: number }> {
  const result = await esbuild.build({
    entryPoints: [new URL(`../../${entry}`, import.meta.url).pathname],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    write: false,
    logLevel: "silent",
    alias,
    // Lazy imports stay lazy: measure the entry only.
    splitting: true,
    outdir: "out",
  });
  const main = result.outputFiles.find((f) =>
    f.path.endsWith(entry.split("/").pop()!.replace(".ts", ".js"))
  )!;
  return { min: main.contents.byteLength, gzip: await gzipSize(main.contents) };
}

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return {
    mean,
    p50: sorted[Math.floor(sorted.length / 2)],
    max: sorted[sorted.length - 1],
  };
};

if (import.meta.main) {
  const reply = makeReply(TARGET_TOKENS * CHARS_PER_TOKEN);
  const prefixes = Array.from(
    { length: PREFIXES },
    (_, i) => reply.slice(0, Math.round((reply.length * (i + 1)) / PREFIXES)),
  );
  // Warm up the JIT on the whole range.
  for (const text of prefixes) renderMarkdown(text, { streaming: true });

  const render = prefixes.map((text) =>
    timeMs(() => renderMarkdown(text, { streaming: true }))
  );
  const escape = prefixes.map((text) => timeMs(() => escapeHtml(text)));
  const json = prefixes.map((text) => timeMs(() => JSON.stringify(text)));
  const final = timeMs(() => renderMarkdown(reply));
  const tail = timeMs(() => completeStreamingText(reply));
  const r = summary(render);
  const e = summary(escape);
  const j = summary(json);
  const fmt = (n: number) => n.toFixed(3);

  console.log(
    `reply: ${reply.length} chars (~${
      Math.round(reply.length / CHARS_PER_TOKEN)
    } tokens), ${PREFIXES} prefixes, best of ${REPEATS}`,
  );
  console.log(
    `renderMarkdown streaming  ms/render: mean ${fmt(r.mean)}  p50 ${
      fmt(r.p50)
    }  max ${fmt(r.max)}`,
  );
  console.log(
    `baseline escapeHtml       ms/render: mean ${fmt(e.mean)}  p50 ${
      fmt(e.p50)
    }  max ${fmt(e.max)}`,
  );
  console.log(
    `baseline JSON.stringify   ms/render: mean ${fmt(j.mean)}  p50 ${
      fmt(j.p50)
    }  max ${fmt(j.max)}`,
  );
  console.log(`ratio render/escape (mean): ${(r.mean / e.mean).toFixed(1)}x`);
  console.log(
    `throughput: ${
      (reply.length / 1024 / (r.max / 1000)).toFixed(0)
    } KiB/s (slowest render); final render ${
      fmt(final)
    } ms; streaming tail pass alone ${fmt(tail)} ms`,
  );
  const perChar = render.map((ms, i) => ms / prefixes[i].length);
  console.log(
    `linearity: µs/KiB first decile ${
      fmt(summary(perChar.slice(0, 10)).mean * 1024 * 1000)
    }, last decile ${fmt(summary(perChar.slice(-10)).mean * 1024 * 1000)}`,
  );

  const plain = await bundleSize("lib/markdown/mod.ts", {});
  const aliased = await bundleSize("lib/markdown/mod.ts", {
    ...MARKDOWN_BROWSER_ALIASES,
  });
  const enhance = await bundleSize("lib/markdown/enhance.ts", {});
  console.log(
    `bundle mod.ts: ${plain.min} B min, ${plain.gzip} B gzip; with MARKDOWN_BROWSER_ALIASES: ${aliased.min} B min, ${aliased.gzip} B gzip`,
  );
  console.log(
    `bundle enhance.ts entry (highlight.js and KaTeX are lazy chunks): ${enhance.min} B min, ${enhance.gzip} B gzip`,
  );
  await esbuild.stop();
}
