import { assert, assertEquals } from "@std/assert";
import { startApp } from "../_helpers/app_server.ts";

/** The text of `html` between two markers, in order, or null. */
function between(html: string, first: string, second: string): string | null {
  const a = html.indexOf(first);
  const b = html.indexOf(second, a + first.length);
  return a >= 0 && b > a ? html.slice(a, b) : null;
}

Deno.test("Damaged files - a broken message row shows in place, in the API and the page", async () => {
  const app = await startApp();
  try {
    const { store } = app.services;
    const c = await store.createConversation({ title: "Bumpy" });
    const ids = [];
    for (const content of ["first words", "middle words", "last words"]) {
      ids.push((await store.appendMessage(c.id, { role: "user", content })).id);
    }
    const file = `conversations/${c.id}.csv`;
    const path = `${app.dataDir}/${file}`;
    const text = await Deno.readTextFile(path);
    await Deno.writeTextFile(
      path,
      // The middle row's role becomes unreadable.
      text.replace(new RegExp(`(${ids[1]},[^,]*),user,`), "$1,usr,"),
    );

    const api = await (await fetch(`${app.base}/api/conversations/${c.id}`))
      .json();
    assertEquals(
      api.messages.map((m: { content: string }) => m.content),
      ["first words", "last words"],
    );
    assertEquals(api.problems.length, 1);
    assertEquals(api.problems[0].file, file);
    assertEquals(api.problems[0].line, 3);
    assertEquals(api.problems[0].afterMessageId, ids[0]);

    const html = await (await fetch(`${app.base}/c/${c.id}`)).text();
    const gap = between(html, "first words", "last words");
    assert(gap, "both readable messages are on the page");
    assert(gap.includes("data-unreadable-row"), "the placeholder is between");
    assert(gap.includes(`This row could not be read (${file}, line 3)`));
    const banner = between(html, "data-damage-banner", "</div>");
    assert(banner, "a banner is shown");
    assert(banner.includes(file) && banner.includes("line 3"), banner);
    assert(banner.includes(`open ${file} in a text editor`), banner);
  } finally {
    await app.close();
  }
});

Deno.test("Damaged files - a damaged index is named in a banner on every page", async () => {
  const dataDir = await Deno.makeTempDir({ prefix: "damaged_index_" });
  try {
    const first = await startApp({ dataDir });
    const a = await first.services.store.createConversation({ title: "Alpha" });
    const b = await first.services.store.createConversation({ title: "Beta" });
    await first.close();
    const index = `${dataDir}/conversations.csv`;
    const text = await Deno.readTextFile(index);
    await Deno.writeTextFile(
      index,
      text.replace(`${a.id},Alpha,`, `${a.id},"Alpha,`),
    );

    const app = await startApp({ dataDir });
    try {
      const html = await (await fetch(`${app.base}/c/${b.id}`)).text();
      const banner = between(html, "data-damage-banner", "</div>");
      assert(banner, "a banner is shown");
      assert(banner.includes("conversations.csv"), banner);
      assert(banner.includes("line 2"), banner);
      assert(banner.includes("conversations.csv.damaged-"), banner);
      // Both conversations are still listed.
      const list = await (await fetch(`${app.base}/api/conversations`)).json();
      assertEquals(
        list.conversations.map((c: { title: string }) => c.title).sort(),
        ['"Alpha', "Beta"],
      );
    } finally {
      await app.close();
    }
  } finally {
    await Deno.remove(dataDir, { recursive: true });
  }
});
