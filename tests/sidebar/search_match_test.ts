import { assertEquals } from "@std/assert";
import { findMatch, snippetAround } from "../../lib/conversations/mod.ts";

Deno.test("Search - a snippet around the match, cut at words", () => {
  const text = "We rode the old yellow tram 28 up through Alfama and then " +
    "walked down to the river for dinner at a small place.";
  const at = text.indexOf("tram 28");
  assertEquals(snippetAround(text, at, 7, 20), {
    before: "…the old yellow ",
    match: "tram 28",
    after: " up through Alfama…",
  });
  assertEquals(snippetAround("Tram 28!", 0, 4), {
    before: "",
    match: "Tram",
    after: " 28!",
  });
});

Deno.test("Search - the first message containing the words, any case", () => {
  const messages = [
    { id: "a", content: "Nothing here" },
    { id: "b", content: "Take TRAM 28\nin the morning" },
    { id: "c", content: "tram 28 again" },
  ];
  assertEquals(findMatch(messages, "tram 28"), {
    messageId: "b",
    before: "Take ",
    match: "TRAM 28",
    after: " in the morning",
  });
  assertEquals(findMatch(messages, "bus"), undefined);
  assertEquals(findMatch(messages, "  "), undefined);
});

Deno.test("Search - a letter that lower-cases longer (İ) does not shift the match", () => {
  const content = "İstanbul'da İzmir'e gidiyoruz, Tamam mı?";
  assertEquals(findMatch([{ id: "m1", content }], "tamam"), {
    messageId: "m1",
    before: "İstanbul'da İzmir'e gidiyoruz, ",
    match: "Tamam",
    after: " mı?",
  });
  // A match that takes in such a letter takes all of it.
  assertEquals(findMatch([{ id: "m1", content }], "i̇zmir")?.match, "İzmir");
});
