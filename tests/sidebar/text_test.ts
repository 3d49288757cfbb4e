import { assertEquals } from "@std/assert";
import {
  countConversations,
  displayTitle,
  importFailure,
  importSummary,
  searchSummary,
} from "../../lib/sidebar/mod.ts";

Deno.test("Sidebar text - counts read naturally", () => {
  assertEquals(countConversations(0), "0 conversations");
  assertEquals(countConversations(1), "1 conversation");
  assertEquals(countConversations(12), "12 conversations");
});

Deno.test("Sidebar text - import summaries name the file, the count, what was skipped", () => {
  const one = { id: "a", title: "A", messages: 2 };
  assertEquals(
    importSummary({ imported: [one], skipped: [] }, "a.csv"),
    "Imported 1 conversation from a.csv.",
  );
  assertEquals(
    importSummary({ imported: [one, one, one], skipped: [] }),
    "Imported 3 conversations.",
  );
  assertEquals(
    importSummary({
      imported: [one],
      skipped: [{ item: "conversation 2", reason: "It has no messages." }],
    }, "b.json"),
    "Imported 1 conversation from b.json. Skipped 1 (It has no messages).",
  );
  assertEquals(
    importSummary({
      imported: [one],
      skipped: [{ item: "2", reason: "x" }, { item: "3", reason: "y" }],
    }),
    "Imported 1 conversation. Skipped 2 (x, …).",
  );
  assertEquals(
    importSummary({
      imported: [],
      skipped: [{ item: "1", reason: "It has no messages." }],
    }, "c.json"),
    "Nothing imported from c.json: It has no messages.",
  );
  assertEquals(
    importSummary({ imported: [], skipped: [] }, "x.json"),
    "No conversations found from x.json.",
  );
  assertEquals(
    importFailure("Unsupported file type", "notes.txt"),
    "Could not import notes.txt: Unsupported file type",
  );
  assertEquals(importFailure("Too large"), "Could not import: Too large");
});

Deno.test("Sidebar text - search summaries", () => {
  assertEquals(searchSummary(5, "", false), "");
  assertEquals(
    searchSummary(0, " csv ", false),
    "No conversations match “csv”.",
  );
  assertEquals(searchSummary(2, "csv", false), "2 conversations found.");
  assertEquals(
    searchSummary(50, "csv", true),
    "At least 50 conversations found.",
  );
});

Deno.test("Sidebar text - display titles are never empty and are shortened", () => {
  assertEquals(displayTitle("  "), "New chat");
  assertEquals(displayTitle(" Trip plans "), "Trip plans");
  const long = "x".repeat(100);
  const shown = displayTitle(long, 20);
  assertEquals(shown.length, 20);
  assertEquals(shown.endsWith("…"), true);
});
