/**
 * Uploaded files in the store, on every backend: kept by id, read back
 * byte for byte (KV in pieces under its value limit), carried by
 * messages, gone with the trash lifecycle.
 */
import { assert, assertEquals, assertRejects } from "@std/assert";
import type { Attachment } from "../../lib/api/attachments.ts";
import {
  ConflictError,
  NotFoundError,
  ValidationError,
} from "../../lib/store/mod.ts";
import { newId } from "../../lib/store/uuid.ts";
import { BACKENDS } from "./_backends.ts";

function record(size: number, kind: "text" | "image" = "image"): Attachment {
  return kind === "image"
    ? {
      id: newId(),
      name: "cat.png",
      mediaType: "image/png",
      kind,
      size,
      width: 640,
      height: 480,
    }
    : {
      id: newId(),
      name: "notes.txt",
      mediaType: "text/plain; charset=utf-8",
      kind,
      size,
    };
}

/** Bytes that differ at every position, so a misplaced piece shows. */
function bytesOf(size: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 31 + (i >> 8)) % 251);
}

for (const backend of BACKENDS) {
  const test = (name: string, fn: () => Promise<void>) =>
    Deno.test(`Store attachments - ${name} [${backend.name}]`, fn);

  test("a file round trip, large ones in pieces, across a reopen", async () => {
    await using t = await backend.open();
    const c = await t.store.createConversation();
    const big = record(1_000_003);
    const small = record(5, "text");
    await t.store.putAttachment(c.id, big, bytesOf(big.size));
    await t.store.putAttachment(c.id, small, new TextEncoder().encode("hello"));
    const store = await t.reopen();
    assertEquals(await store.getAttachment(c.id, big.id), big);
    const read = await store.readAttachment(c.id, big.id);
    assertEquals(read.attachment, big);
    assertEquals(read.bytes, bytesOf(big.size));
    assertEquals(
      new TextDecoder().decode(
        (await store.readAttachment(c.id, small.id)).bytes,
      ),
      "hello",
    );
  });

  test("unknown, malformed and other conversations' ids are not found", async () => {
    await using t = await backend.open();
    const a = await t.store.createConversation();
    const b = await t.store.createConversation();
    const file = record(3, "text");
    await t.store.putAttachment(a.id, file, new Uint8Array([104, 105, 33]));
    for (
      const [conversation, id] of [
        [b.id, file.id],
        [a.id, newId()],
        [a.id, "../../FORMAT"],
        [a.id, file.id.toUpperCase()],
        ["../x", file.id],
      ]
    ) {
      await assertRejects(
        () => t.store.readAttachment(conversation, id),
        NotFoundError,
      );
    }
    await assertRejects(
      () => t.store.putAttachment(newId(), file, new Uint8Array()),
      NotFoundError,
    );
  });

  test("an upload no message carries can be removed; a sent one cannot", async () => {
    await using t = await backend.open();
    const c = await t.store.createConversation();
    const taken = record(3, "text");
    const sent = record(3, "text");
    for (const file of [taken, sent]) {
      await t.store.putAttachment(c.id, file, new Uint8Array([1, 2, 3]));
    }
    await t.store.appendMessage(c.id, {
      role: "user",
      content: "see the file",
      attachments: [sent],
    });
    await t.store.deleteAttachment(c.id, taken.id);
    await assertRejects(
      () => t.store.readAttachment(c.id, taken.id),
      NotFoundError,
    );
    await assertRejects(
      () => t.store.deleteAttachment(c.id, taken.id),
      NotFoundError,
    );
    await assertRejects(
      () => t.store.deleteAttachment(c.id, sent.id),
      ConflictError,
      "notes.txt belongs to a sent message",
    );
    await assertRejects(
      () => t.store.deleteAttachment(c.id, "../../FORMAT"),
      NotFoundError,
    );
    // Still there after a reopen: the sent one, not the taken one.
    const store = await t.reopen();
    assertEquals((await store.readAttachment(c.id, sent.id)).bytes.length, 3);
    await assertRejects(
      () => store.readAttachment(c.id, taken.id),
      NotFoundError,
    );
  });

  test("a message carries its files' records; older messages have none", async () => {
    await using t = await backend.open();
    const c = await t.store.createConversation();
    const files = [record(10, "text"), record(2000)];
    const plain = await t.store.appendMessage(c.id, {
      role: "user",
      content: "no files",
    });
    const m = await t.store.appendMessage(c.id, {
      role: "user",
      content: "",
      attachments: files,
    });
    assertEquals(m.attachments, files);
    assertEquals(plain.attachments, undefined);
    const store = await t.reopen();
    const [first, second] = await store.listMessages(c.id);
    assertEquals(first.attachments, undefined);
    assertEquals(second.attachments, files);
    assertEquals(second.content, "");
    await assertRejects(
      () =>
        store.appendMessage(c.id, {
          role: "user",
          content: "x",
          attachments: [{ ...files[0], id: "nope" }],
        }),
      ValidationError,
    );
  });

  test("files go to the trash with the conversation, come back, and are purged", async () => {
    await using t = await backend.open();
    const c = await t.store.createConversation();
    const file = record(70_000);
    await t.store.putAttachment(c.id, file, bytesOf(file.size));
    await t.store.deleteConversation(c.id);
    await assertRejects(
      () => t.store.readAttachment(c.id, file.id),
      NotFoundError,
    );
    await t.store.restoreConversation(c.id);
    assertEquals(
      (await t.store.readAttachment(c.id, file.id)).bytes,
      bytesOf(file.size),
    );
    await t.store.deleteConversation(c.id);
    await t.store.purgeConversation(c.id);
    await assertRejects(
      () => t.store.readAttachment(c.id, file.id),
      NotFoundError,
    );
    assertEquals(await leftovers(t.dir, c.id, backend.name), []);
  });
}

/** What is still kept of a conversation's files after a purge. */
async function leftovers(
  dir: string,
  id: string,
  backend: "csv" | "kv",
): Promise<string[]> {
  const found: string[] = [];
  if (backend === "csv") {
    const walk = async (path: string) => {
      for await (const entry of Deno.readDir(path)) {
        const full = `${path}/${entry.name}`;
        if (entry.name.includes(id)) found.push(full);
        if (entry.isDirectory) await walk(full);
      }
    };
    await walk(dir);
    return found;
  }
  const kv = await Deno.openKv(`${dir}/chat.kv`);
  try {
    for await (const entry of kv.list({ prefix: [] })) {
      if (entry.key.includes(id)) found.push(String(entry.key));
    }
  } finally {
    kv.close();
  }
  assert(Array.isArray(found));
  return found;
}
