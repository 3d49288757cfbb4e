import { assert, assertEquals } from "@std/assert";
import { tempStore } from "./_helpers.ts";

/** Conversations with every kind of metadata, multi-line prompts included. */
async function seedIndex(t: Awaited<ReturnType<typeof tempStore>>) {
  const made = [];
  for (let i = 0; i < 6; i++) {
    made.push(
      await t.store.createConversation({
        title: `Chat ${i}`,
        systemPrompt: i % 2 ? `Be brief.\nLine two of ${i}, "quoted"` : "",
        model: i % 3 ? "demo" : null,
        temperature: i % 2 ? 0.5 : null,
        pinned: i === 4,
      }),
    );
  }
  await t.store.close();
  return made;
}

const summary = (c: {
  title: string;
  systemPrompt: string;
  model: string | null;
  temperature: number | null;
  pinned: boolean;
}) => [c.title, c.systemPrompt, c.model, c.temperature, c.pinned];

Deno.test("Damaged index - a stray quote loses no conversation's metadata, and the next write keeps them", async () => {
  await using t = await tempStore();
  const made = await seedIndex(t);
  const path = `${t.dir}/conversations.csv`;
  const original = await Deno.readTextFile(path);
  // A hand edit opens a quote in the title of the second conversation.
  const damaged = original.replace(
    `${made[1].id},Chat 1,`,
    `${made[1].id},"Chat 1,`,
  );
  assert(damaged !== original);
  await Deno.writeTextFile(path, damaged);
  const store = await t.reopen();

  for (const c of made) {
    const read = await store.getConversation(c.id);
    const title = c.id === made[1].id ? '"Chat 1' : c.title;
    assertEquals(summary(read), summary({ ...c, title }));
  }
  const problem = store.problems().find((p) => p.file === "conversations.csv");
  assertEquals(problem?.line, 3);
  assert(problem?.message.includes("Line 3 of conversations.csv"));

  // An unrelated write rewrites the index: nothing is lost.
  const extra = await store.createConversation({ title: "After" });
  const again = await t.reopen();
  for (const c of [...made.filter((c) => c.id !== made[1].id), extra]) {
    assertEquals(summary(await again.getConversation(c.id)), summary(c));
  }
  assertEquals((await again.getConversation(made[1].id)).title, '"Chat 1');
  // The file as it was is kept beside it.
  const names: string[] = [];
  for await (const item of Deno.readDir(t.dir)) names.push(item.name);
  const aside = names.find((n) => n.startsWith("conversations.csv.damaged-"));
  assert(aside, names.join(", "));
  assertEquals(await Deno.readTextFile(`${t.dir}/${aside}`), damaged);
});

Deno.test("Damaged index - a quote that never closes: every other row is read again", async () => {
  await using t = await tempStore();
  const made = await seedIndex(t);
  const path = `${t.dir}/conversations.csv`;
  const original = await Deno.readTextFile(path);
  // A broken line with no usable values, its quote never closed.
  const lines = original.split("\r\n");
  lines.splice(2, 0, 'garbage,"never closed');
  await Deno.writeTextFile(path, lines.join("\r\n"));
  const store = await t.reopen();
  for (const c of made) {
    assertEquals(summary(await store.getConversation(c.id)), summary(c));
  }
  assertEquals(
    store.problems().filter((p) =>
      p.file === "conversations.csv" && p.kind === "damaged"
    ).map((p) => p.line),
    [3],
  );
});
