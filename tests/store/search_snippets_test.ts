/**
 * Search results explained from the CSV store's search index: the words
 * around the match and the message's id come from the index's records, so
 * a results page reads no messages file (it only checks, by a stat, that
 * each shown file is still what its record was made from).
 */
import { assert, assertEquals } from "@std/assert";
import { explainMatches } from "../../lib/conversations/mod.ts";
import { findMatch } from "../../lib/store/mod.ts";
import { SEARCH_INDEX_FILE } from "../../lib/store/search_index.ts";
import { HEADER } from "../../lib/store/search_record.ts";
import { fsCallsDuring, tempStore } from "./_helpers.ts";

const CASES = [
  "The LIGHTHOUSE keeper waved.",
  "we walked to the Lighthouse at dawn",
  "Ünter dem Leuchtturm (lighthouse), ÉTÉ İstanbul Σ",
  "line one\nLine two: lightHouse\tthree",
];

Deno.test("Search snippets - a results page is explained without reading a messages file", async () => {
  await using t = await tempStore();
  const ids: string[] = [];
  for (let i = 0; i < 60; i++) {
    const c = await t.store.createConversation({ title: `Trip ${i}` });
    await t.store.appendMessage(c.id, { role: "user", content: `Hello ${i}` });
    await t.store.appendMessage(c.id, {
      role: "assistant",
      content: `${"Some words before. ".repeat(i % 7)}${CASES[i % 4]} ${i}`,
      attachments: [],
    });
    ids.push(c.id);
  }
  const titled = await t.store.createConversation({ title: "Lighthouse" });
  await t.store.appendMessage(titled.id, { role: "user", content: "nothing" });
  await t.reopen();
  await t.store.listConversations({ q: "warm-up" }); // the start-up check
  const q = "lighthouse";
  let shown: Awaited<ReturnType<typeof explainMatches>> = [];
  const calls = await fsCallsDuring(async () => {
    const page = await t.store.listConversations({ q });
    shown = await explainMatches(t.store, page.conversations, {
      q,
      known: page.matches,
    });
  });
  assertEquals(shown.length, 50);
  // A stat of each shown file (is the index's record still its text?),
  // and no read.
  const ofMessages = calls.filter((c) => c.includes("/conversations/"));
  assertEquals(ofMessages.filter((c) => !c.startsWith("stat(")), []);
  assert(ofMessages.length <= 50, String(ofMessages.length));
  assert(calls.some((c) => c.includes(SEARCH_INDEX_FILE)), String(calls));
  // The same as reading the messages gives, in the words' own case.
  for (const result of shown) {
    const expected = findMatch(await t.store.listMessages(result.id), q);
    assertEquals(result.match, expected, result.title);
  }
  assertEquals(shown.find((r) => r.id === titled.id)?.match, undefined);
  assertEquals(
    shown.find((r) => r.id === ids[56])?.match?.match,
    "LIGHTHOUSE",
  );
});

Deno.test("Search snippets - the words come from the file as it is now, after a hand edit or a fresh write", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Edited" });
  const m = await t.store.appendMessage(c.id, {
    role: "user",
    content: "the old Walrus words",
  });
  await t.store.close();
  const path = `${t.dir}/conversations/${c.id}.csv`;
  const text = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, text.replace("old Walrus", "new WALRUS"));
  await t.reopen();
  const page = await t.store.listConversations({ q: "walrus" });
  assertEquals(page.matches?.get(c.id), {
    messageId: m.id,
    before: "the new ",
    match: "WALRUS",
    after: " words",
  });
  // Edited by hand while running: the index's record is older than the
  // file, so the file gives the words (and the index learns them).
  await t.reopen();
  await t.store.listConversations({ q: "warm-up" }); // the start-up check
  const now = await Deno.readTextFile(path);
  await Deno.writeTextFile(path, now.replace("new WALRUS", "an Otter"));
  const stale = await t.store.listConversations({ q: "walrus" });
  assertEquals(stale.matches?.get(c.id) ?? null, null);
  assertEquals(
    (await t.store.listConversations({ q: "otter" })).matches?.get(c.id),
    { messageId: m.id, before: "the an ", match: "Otter", after: " words" },
  );
  assertEquals(
    (await t.store.listConversations({ q: "walrus" })).conversations,
    [],
  );
  // Written a moment ago, not yet in the index file: from memory.
  const reply = await t.store.appendMessage(c.id, {
    role: "assistant",
    content: "A Narwhal too",
  });
  assertEquals(
    (await t.store.listConversations({ q: "narwhal" })).matches?.get(c.id),
    { messageId: reply.id, before: "A ", match: "Narwhal", after: " too" },
  );
});

Deno.test("Search snippets - a search index of the old layout is rebuilt, then gives snippets", async () => {
  await using t = await tempStore();
  const c = await t.store.createConversation({ title: "Old" });
  const m = await t.store.appendMessage(c.id, {
    role: "user",
    content: "A Pelican flew by",
  });
  await t.reopen();
  await t.store.close();
  // Layout 1: no pieces field, and here text the file no longer has (its
  // stamp still fits, so only the layout says it must not be used).
  const file = `${t.dir}/${SEARCH_INDEX_FILE}`;
  const current = await Deno.readTextFile(file);
  const [header, ...records] = current.split("\0\n");
  const old = [
    header.replace(/search index \d+/, "search index 1"),
    ...records.filter((r) => r !== "").map((record) => {
      const fields = record.split("\t");
      return [...fields.slice(0, 5), "a stale heron"].join("\t");
    }),
    "",
  ].join("\0\n");
  await Deno.writeTextFile(file, old);
  await t.reopen();
  assertEquals(
    (await t.store.listConversations({ q: "heron" })).conversations,
    [],
  );
  const page = await t.store.listConversations({ q: "pelican" });
  assertEquals(page.conversations.map((x) => x.id), [c.id]);
  assertEquals(page.matches?.get(c.id), {
    messageId: m.id,
    before: "A ",
    match: "Pelican",
    after: " flew by",
  });
  // Written again in the new layout, and used from there after a restart.
  assert((await Deno.readTextFile(file)).startsWith(HEADER));
  await t.reopen();
  await t.store.listConversations({ q: "warm-up" }); // the start-up check
  const calls = await fsCallsDuring(async () => {
    const again = await t.store.listConversations({ q: "pelican" });
    assertEquals(again.matches?.get(c.id)?.messageId, m.id);
  });
  assertEquals(
    calls.filter((x) => x.includes("/conversations/"))
      .filter((x) => !x.startsWith("stat(")),
    [],
  );
});
