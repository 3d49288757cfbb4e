import { assertEquals } from "@std/assert";
import {
  lowerTextOf,
  messagesOf,
  searchTextOf,
} from "../../lib/store/search_text.ts";
import { randomText, seeded } from "./_helpers.ts";

const CASED = [
  "Hello WORLD",
  "ÉTÉ Ünïcode ΣΑΣ Ωμέγα",
  "İstanbul KELVIN \u212a", // lower-casing changes the length
  "MiXeD\tTabs\nAND Lines\u0000NUL",
  "ǅ title-case, ẞ sharp s",
  "\ud800 a lone surrogate",
  "",
];

Deno.test("Search text - every message comes back in its own case, with its id", () => {
  const random = seeded(42);
  for (let round = 0; round < 200; round++) {
    const messages = Array.from({ length: 1 + (round % 5) }, (_, i) => {
      const content = CASED[(round + i) % CASED.length] + randomText(random) +
        (random() < 0.5 ? randomText(random).toUpperCase() : "");
      const names = random() < 0.3 ? ["Report.PDF", "ÜBER.txt"] : [];
      return {
        // The store's ids (UUIDs, packed short) and imported odd ones.
        id: i % 2 ? crypto.randomUUID() : `m${round}-${i}`,
        content,
        ...(names.length
          ? { attachments: names.map((name) => ({ name })) }
          : {}),
      };
    });
    const form = searchTextOf(messages);
    // The search text is the lower-cased pieces, as search has always used.
    assertEquals(
      form.text,
      messages.flatMap((
        m,
      ) => [m.content, ...(m.attachments ?? []).map((a) => a.name)])
        .map((t) => t.toLowerCase()).join("\n"),
    );
    // What the in-memory overlay searches is the same text.
    assertEquals(lowerTextOf(messages), form.text);
    // Through the index file's UTF-8 (a lone surrogate becomes U+FFFD).
    const utf8 = (s: string) =>
      new TextDecoder().decode(new TextEncoder().encode(s));
    assertEquals(
      messagesOf({ text: utf8(form.text), pieces: utf8(form.pieces) }),
      messages.map((m) => ({ ...m, content: utf8(m.content) })),
    );
  }
});

Deno.test("Search text - pieces that do not fit the text give nothing, not wrong words", () => {
  const form = searchTextOf([{ id: "a", content: "Hello There" }]);
  assertEquals(messagesOf({ ...form, text: form.text + "x" }), undefined);
  assertEquals(messagesOf({ ...form, text: form.text.slice(1) }), undefined);
  assertEquals(messagesOf({ ...form, pieces: "[[1,2]]" }), undefined);
  assertEquals(messagesOf({ ...form, pieces: "not json" }), undefined);
  assertEquals(messagesOf(searchTextOf([])), []);
});
