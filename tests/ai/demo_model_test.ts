import {
  assert,
  assertEquals,
  assertGreaterOrEqual,
  assertLess,
  assertMatch,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { generateText, streamText } from "ai";
import {
  countRequest,
  DemoLanguageModel,
  deriveTitle,
  streamReply,
} from "../../lib/ai/mod.ts";
import type { ReplyPart } from "../../lib/ai/mod.ts";
import { clipAtWord } from "../../lib/ai/demo_reply.ts";
import { lastUserText, receivedFiles } from "../../lib/ai/demo_model.ts";
import { fileParts } from "../../lib/ai/turn_files.ts";
import { cleanTitle } from "../../lib/ai/title.ts";

async function collect(
  model: DemoLanguageModel,
  content: string,
  signal?: AbortSignal,
): Promise<ReplyPart[]> {
  const parts: ReplyPart[] = [];
  const messages = [{ role: "user" as const, content }];
  for await (
    const part of streamReply(model, { messages, abortSignal: signal })
  ) {
    parts.push(part);
  }
  return parts;
}

function textOf(parts: ReplyPart[]): string {
  return parts.map((p) => (p.type === "text" ? p.text : "")).join("");
}

Deno.test("Demo model - restates the question in rich markdown", async () => {
  const model = new DemoLanguageModel({ tokenDelayMs: 0 });
  const question = "How do I read a CSV file | safely?";
  const text = textOf(await collect(model, question));
  assertStringIncludes(text, "How do I read a CSV file | safely?");
  assertMatch(text, /^## /m, "a heading");
  assertMatch(text, /^1\. /m, "an ordered list");
  assertMatch(text, /^- /m, "a bullet list");
  assertMatch(text, /^```ts\n[\s\S]+?\n```$/m, "a fenced code block");
  assertMatch(text, /^\| Measure \| Value \|\n\| --- \| ---: \|$/m, "a table");
  assertStringIncludes(text, "| Words | 9 |");
  // The pipe in the question is escaped inside the table, not in prose.
  assertStringIncludes(text, "Longest word | safely? |");
});

Deno.test("Demo model - same question, same reply; different question, different reply", async () => {
  const model = new DemoLanguageModel({ tokenDelayMs: 0 });
  const a = textOf(await collect(model, "What is Deno?"));
  const b = textOf(await collect(model, "What is Deno?"));
  const c = textOf(await collect(model, "What is Fresh?"));
  assertEquals(a, b);
  assert(a !== c);
});

Deno.test("Demo model - streams many deltas and reports usage", async () => {
  const model = new DemoLanguageModel({ tokenDelayMs: 0 });
  const parts = await collect(model, "Tell me about streams");
  const deltas = parts.filter((p) => p.type === "text");
  assertGreaterOrEqual(deltas.length, 50);
  const finish = parts.at(-1);
  assert(finish?.type === "finish");
  assertEquals(finish.finishReason, "stop");
  assertEquals(finish.usage.outputTokens, deltas.length);
  assertEquals(
    finish.usage.inputTokens,
    Math.ceil("Tell me about streams".length / 4),
  );
});

Deno.test("Demo model - count to N streams exactly the numbers", async () => {
  const model = new DemoLanguageModel({ tokenDelayMs: 0 });
  const parts = await collect(model, "Count to 1000");
  const deltas = parts.filter((p) => p.type === "text");
  assertEquals(deltas.length, 1000);
  const expected = Array.from({ length: 1000 }, (_, i) => i + 1).join(" ");
  assertEquals(textOf(parts), expected);
  assertEquals(countRequest("count to 0"), undefined);
  assertEquals(countRequest("please count to 5 now"), undefined);
  assertEquals(countRequest(" count to 5. "), 5);
});

Deno.test("Demo model - paces tokens by tokenDelayMs", async () => {
  const model = new DemoLanguageModel({ tokenDelayMs: 20 });
  const started = performance.now();
  const parts = await collect(model, "count to 6");
  const elapsed = performance.now() - started;
  assertEquals(textOf(parts), "1 2 3 4 5 6");
  // Five pauses between six tokens.
  assertGreaterOrEqual(elapsed, 5 * 20 - 5);
  assertLess(elapsed, 1000);
});

Deno.test("Demo model - abort stops the stream at once", async () => {
  const model = new DemoLanguageModel({ tokenDelayMs: 1000 });
  const controller = new AbortController();
  const started = performance.now();
  const seen: string[] = [];
  const run = (async () => {
    const messages = [{ role: "user" as const, content: "count to 100" }];
    for await (
      const part of streamReply(model, {
        messages,
        abortSignal: controller.signal,
      })
    ) {
      if (part.type === "text") {
        seen.push(part.text);
        controller.abort();
      }
    }
  })();
  const error = await assertRejects(() => run);
  assertEquals((error as Error).name, "AbortError");
  assertEquals(seen, ["1 "]);
  assertLess(performance.now() - started, 500);
});

Deno.test("Demo model - works with the AI SDK's streamText and generateText", async () => {
  const model = new DemoLanguageModel({ tokenDelayMs: 0 });
  const streamed = streamText({ model, prompt: "count to 30", maxRetries: 0 });
  let text = "";
  for await (const piece of streamed.textStream) text += piece;
  assertEquals(text, Array.from({ length: 30 }, (_, i) => i + 1).join(" "));
  assertEquals((await streamed.usage).outputTokens, 30);
  const generated = await generateText({ model, prompt: "What is CSV?" });
  assertStringIncludes(generated.text, "What is CSV?");
  assertEquals(generated.finishReason, "stop");
});

Deno.test("Demo model - derives short titles", () => {
  assertEquals(
    deriveTitle("how do I bake sourdough bread at home today?"),
    "How do I bake sourdough bread",
  );
  assertEquals(deriveTitle("   "), "New chat");
  assertEquals(deriveTitle("## **Hello**, world!"), "Hello, world");
});

Deno.test("Demo model - a long title is cut between words", () => {
  const long = "Supercalifragilistic".repeat(2) + " extraordinarily " +
    "uncharacteristically overwhelming internationalization questions";
  const title = deriveTitle(long);
  assert(title.length <= 60, title);
  assertEquals(title, "Supercalifragilistic".repeat(2) + " extraordinarily…");
  assertEquals(clipAtWord("one two three", 9), "one two…");
  assertEquals(clipAtWord("abcdefghijkl", 6), "abcde…");
  assertEquals(
    cleanTitle(`"${"word ".repeat(30)}"`),
    `${"word ".repeat(16).trim()}…`,
  );
});

Deno.test("Demo model - names the files it received, and those left out", () => {
  const text = {
    id: "01970000-0000-7000-8000-000000000001",
    name: "notes.txt",
    mediaType: "text/plain; charset=utf-8",
    kind: "text" as const,
    size: 1230,
  };
  const image = {
    id: "01970000-0000-7000-8000-000000000002",
    name: "cat.png",
    mediaType: "image/png",
    kind: "image" as const,
    size: 34 * 1024,
    width: 640,
    height: 480,
  };
  const prompt = [{
    role: "user" as const,
    content: [
      { type: "text" as const, text: "Look" },
      ...fileParts([
        { attachment: text, text: "count to 3" },
        { attachment: image, omitted: "this model does not accept images" },
      ]),
    ],
  }];
  assertEquals(lastUserText(prompt), "Look");
  assertEquals(
    receivedFiles(prompt),
    "I received 2 files: notes.txt (1.2 KB text), cat.png (34 KB image, 640×480) — not included.",
  );
});
