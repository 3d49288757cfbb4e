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

Deno.test("Sidebar text - import summaries name the file and the count", () => {
  assertEquals(
    importSummary(1, "a.csv"),
    "Imported 1 conversation from a.csv.",
  );
  assertEquals(importSummary(3), "Imported 3 conversations.");
  assertEquals(
    importSummary(0, "x.json"),
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
