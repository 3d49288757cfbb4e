import { assertEquals, assertStrictEquals } from "@std/assert";
import {
  appendPage,
  withConversation,
  withoutConversation,
} from "../../lib/sidebar/mod.ts";
import { conversation } from "./_fixtures.ts";

Deno.test("Sidebar list - appendPage adds a page after the list", () => {
  const a = conversation("2026-03-10T03:00:00Z");
  const b = conversation("2026-03-10T02:00:00Z");
  const c = conversation("2026-03-10T01:00:00Z");
  assertEquals(appendPage([a], [b, c]), [a, b, c]);
});

Deno.test("Sidebar list - appendPage skips ones already shown, newest copy wins", () => {
  const a = conversation("2026-03-10T03:00:00Z");
  const stale = { ...a, title: "old title", updatedAt: "2026-03-09T00:00:00Z" };
  const b = conversation("2026-03-10T02:00:00Z");
  // The page holds an older copy of `a`: the shown one stays.
  assertEquals(appendPage([a], [stale, b]), [a, b]);
  // The page holds a newer copy: it replaces the shown one in place.
  const newer = { ...a, title: "new title", updatedAt: "2026-03-10T05:00:00Z" };
  assertEquals(appendPage([a, b], [newer]), [newer, b]);
  // Duplicates inside one page count once.
  assertEquals(appendPage([], [b, b]), [b]);
});

Deno.test("Sidebar list - appendPage leaves its inputs alone", () => {
  const a = conversation("2026-03-10T03:00:00Z");
  const b = conversation("2026-03-10T02:00:00Z");
  const list = [a];
  appendPage(list, [b]);
  assertEquals(list, [a]);
});

Deno.test("Sidebar list - withConversation puts a new one first", () => {
  const a = conversation("2026-03-10T03:00:00Z");
  const b = conversation("2026-03-10T04:00:00Z");
  assertEquals(withConversation([a], b), [b, a]);
});

Deno.test("Sidebar list - withConversation updates in place; an older copy is ignored", () => {
  const a = conversation("2026-03-10T03:00:00Z");
  const b = conversation("2026-03-10T02:00:00Z");
  const renamed = { ...b, title: "Renamed", updatedAt: "2026-03-10T05:00:00Z" };
  assertEquals(withConversation([a, b], renamed), [a, renamed]);
  const late = { ...b, title: "Late", updatedAt: "2026-03-10T01:00:00Z" };
  assertEquals(withConversation([a, renamed], late), [a, renamed]);
  // Same time, other fields (an optimistic edit or its revert): applied.
  const pinned = { ...renamed, pinned: true };
  assertEquals(withConversation([a, renamed], pinned), [a, pinned]);
});

Deno.test("Sidebar list - withoutConversation removes by id", () => {
  const a = conversation("2026-03-10T03:00:00Z");
  const b = conversation("2026-03-10T02:00:00Z");
  assertEquals(withoutConversation([a, b], a.id), [b]);
  const list = [a];
  const out = withoutConversation(list, "missing");
  assertEquals(out, [a]);
  assertStrictEquals(list.length, 1);
});
