import { assertEquals } from "@std/assert";
import {
  daysAgo,
  groupConversations,
  groupLabelFor,
} from "../../lib/sidebar/mod.ts";
import { conversation } from "./_fixtures.ts";

const NOW = new Date("2026-03-10T12:00:00Z");

Deno.test("Sidebar groups - day boundaries in UTC", () => {
  const label = (iso: string) => groupLabelFor(iso, { now: NOW });
  assertEquals(label("2026-03-10T00:00:00Z"), "Today");
  assertEquals(label("2026-03-10T11:59:59Z"), "Today");
  assertEquals(label("2026-03-09T23:59:59Z"), "Yesterday");
  assertEquals(label("2026-03-09T00:00:00Z"), "Yesterday");
  assertEquals(label("2026-03-08T23:59:59Z"), "Previous 7 days");
  assertEquals(label("2026-03-03T00:00:00Z"), "Previous 7 days");
  assertEquals(label("2026-03-02T23:59:59Z"), "Older");
  assertEquals(label("2025-01-01T00:00:00Z"), "Older");
});

Deno.test("Sidebar groups - a later time (clock skew) counts as today", () => {
  assertEquals(groupLabelFor("2026-03-11T09:00:00Z", { now: NOW }), "Today");
});

Deno.test("Sidebar groups - an unreadable date goes to Older", () => {
  assertEquals(groupLabelFor("not a date", { now: NOW }), "Older");
  assertEquals(groupLabelFor("", { now: NOW }), "Older");
});

Deno.test("Sidebar groups - local time zone decides the calendar day", () => {
  // 01:30 UTC on the 10th is still the 9th in New York (UTC-5, offset
  // 300), so 14:00 UTC on the 9th is today there; in Tokyo (UTC+9, offset
  // -540) that moment was 23:00 on the 9th while now is the 10th.
  const now = new Date("2026-03-10T01:30:00Z");
  const at = "2026-03-09T14:00:00Z";
  assertEquals(groupLabelFor(at, { now, offsetOf: () => 300 }), "Today");
  assertEquals(groupLabelFor(at, { now, offsetOf: () => -540 }), "Yesterday");
  assertEquals(groupLabelFor(at, { now }), "Yesterday");
});

Deno.test("Sidebar groups - the offset is taken at each moment (DST)", () => {
  // Offsets differ between the two moments, as across a DST change.
  const offsetOf = (d: Date) =>
    d.getTime() < Date.parse("2026-03-08T07:00:00Z") ? 300 : 240;
  const now = new Date("2026-03-09T03:30:00Z"); // 23:30 on the 8th (UTC-4)
  // 00:30 on the 8th at UTC-5: today; one hour earlier: the 7th.
  assertEquals(daysAgo(new Date("2026-03-08T05:30:00Z"), { now, offsetOf }), 0);
  assertEquals(daysAgo(new Date("2026-03-08T04:30:00Z"), { now, offsetOf }), 1);
  // With now's offset for both, the second would wrongly be today.
  assertEquals(
    daysAgo(new Date("2026-03-08T04:30:00Z"), { now, offsetOf: () => 240 }),
    0,
  );
});

Deno.test("Sidebar groups - pinned first, then dated groups, each newest first", () => {
  const old = conversation("2025-12-01T10:00:00Z");
  const today1 = conversation("2026-03-10T08:00:00Z");
  const today2 = conversation("2026-03-10T11:00:00Z");
  const yesterday = conversation("2026-03-09T10:00:00Z");
  const pinnedOld = conversation("2024-01-01T00:00:00Z", { pinned: true });
  const pinnedNew = conversation("2026-03-10T09:00:00Z", { pinned: true });
  const week = conversation("2026-03-05T10:00:00Z");
  const groups = groupConversations(
    [old, today1, pinnedOld, yesterday, today2, week, pinnedNew],
    { now: NOW },
  );
  assertEquals(
    groups.map((g) => [g.label, g.conversations.map((c) => c.id)]),
    [
      ["Pinned", [pinnedNew.id, pinnedOld.id]],
      ["Today", [today2.id, today1.id]],
      ["Yesterday", [yesterday.id]],
      ["Previous 7 days", [week.id]],
      ["Older", [old.id]],
    ],
  );
});

Deno.test("Sidebar groups - empty groups are left out; nothing for no list", () => {
  assertEquals(groupConversations([], { now: NOW }), []);
  const only = conversation("2026-01-01T00:00:00Z");
  const groups = groupConversations([only], { now: NOW });
  assertEquals(groups.map((g) => g.label), ["Older"]);
});

Deno.test("Sidebar groups - the input list is not reordered", () => {
  const a = conversation("2026-03-10T01:00:00Z");
  const b = conversation("2026-03-10T02:00:00Z");
  const list = [a, b];
  groupConversations(list, { now: NOW });
  assertEquals(list, [a, b]);
});

Deno.test("Sidebar groups - equal times order stably by id", () => {
  const a = conversation("2026-03-10T01:00:00Z", {
    id: "0190a1b2-0000-7000-8000-00000000000a",
  });
  const b = conversation("2026-03-10T01:00:00Z", {
    id: "0190a1b2-0000-7000-8000-00000000000b",
  });
  const first = groupConversations([a, b], { now: NOW })[0].conversations;
  const second = groupConversations([b, a], { now: NOW })[0].conversations;
  assertEquals(first.map((c) => c.id), second.map((c) => c.id));
  assertEquals(first[0].id, b.id);
});
