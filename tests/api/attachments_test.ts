/**
 * Attachments through the real app on 127.0.0.1: upload, serve back,
 * send, refusals with clear sentences, and nothing written outside
 * DATA_DIR whatever the names. Each test runs on both stores.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import type { Attachment } from "../../lib/api/attachments.ts";
import { newId } from "../../lib/store/mod.ts";
import { sweepTrash } from "../../lib/conversations/mod.ts";
import { pngBytes } from "../_helpers/images.ts";
import { responseEvents, type TestServer, withServer } from "../chat/server.ts";

type Part = { name: string; bytes: Uint8Array | string; type?: string };

/** `POST …/attachments` with each part as a `file` field. */
function upload(server: TestServer, id: string, parts: Part[]) {
  const form = new FormData();
  for (const part of parts) {
    const bytes = typeof part.bytes === "string"
      ? new TextEncoder().encode(part.bytes)
      : part.bytes;
    form.append(
      "file",
      new File([bytes as Uint8Array<ArrayBuffer>], part.name, {
        type: part.type ?? "application/octet-stream",
      }),
    );
  }
  return fetch(`${server.base}/api/conversations/${id}/attachments`, {
    method: "POST",
    body: form,
  });
}

async function uploaded(
  server: TestServer,
  id: string,
  parts: Part[],
): Promise<Attachment[]> {
  const response = await upload(server, id, parts);
  assertEquals(response.status, 201, await response.clone().text());
  return (await response.json()).attachments;
}

async function errorOf(response: Response): Promise<[number, string]> {
  return [response.status, (await response.json()).error];
}

for (const store of ["csv", "kv"] as const) {
  const test = (name: string, fn: (server: TestServer) => Promise<void>) =>
    Deno.test(`API attachments - ${name} [${store}]`, () =>
      withServer({ store }, fn));

  test("a file taken off before sending is deleted (204); a sent one is kept (409)", async (server) => {
    const id = await server.newConversation();
    const [kept, taken] = await uploaded(server, id, [
      { name: "kept.txt", bytes: "keep me" },
      { name: "taken.txt", bytes: "take me back" },
    ]);
    const url = (file: Attachment) =>
      `${server.base}/api/conversations/${id}/attachments/${file.id}`;
    await responseEvents(
      await server.post(`/api/conversations/${id}/messages`, {
        content: "here",
        attachmentIds: [kept.id],
      }),
    );
    const gone = await fetch(url(taken), { method: "DELETE" });
    assertEquals(gone.status, 204);
    assertEquals((await fetch(url(taken))).status, 404);
    assertEquals(
      await errorOf(await fetch(url(taken), { method: "DELETE" })),
      [404, "File not found"],
    );
    const [status, error] = await errorOf(
      await fetch(url(kept), { method: "DELETE" }),
    );
    assertEquals(status, 409);
    assertStringIncludes(error, "kept.txt belongs to a sent message");
    assertEquals(await (await fetch(url(kept))).text(), "keep me");
  });

  test("HEAD answers from the file's record without reading the file; 404 once deleted or unknown", async (server) => {
    const id = await server.newConversation();
    const [notes] = await uploaded(server, id, [
      { name: "notes.txt", bytes: "four words of text" },
    ]);
    const store = server.services.store;
    const read = store.readAttachment.bind(store);
    let reads = 0;
    store.readAttachment = (...args) => (reads++, read(...args));
    const url = (fileId: string) =>
      `${server.base}/api/conversations/${id}/attachments/${fileId}`;
    const head = await fetch(url(notes.id), { method: "HEAD" });
    assertEquals(head.status, 200);
    assertEquals(await head.text(), "");
    assertEquals(head.headers.get("content-length"), "18");
    assertEquals(head.headers.get("x-content-type-options"), "nosniff");
    assertEquals(reads, 0, "the file was read");
    const get = await fetch(url(notes.id));
    assertEquals(await get.text(), "four words of text");
    assertEquals(reads, 1);
    assertEquals(
      (await fetch(url(notes.id), { method: "DELETE" })).status,
      204,
    );
    for (const fileId of [notes.id, newId(), "not-an-id"]) {
      const gone = await fetch(url(fileId), { method: "HEAD" });
      assertEquals(gone.status, 404, fileId);
      await gone.body?.cancel();
    }
  });

  test("upload, serve back with safe headers, send with the files", async (server) => {
    const id = await server.newConversation();
    const png = await pngBytes(64, 48);
    const [image, notes] = await uploaded(server, id, [
      { name: "cat.png", bytes: png, type: "text/html" },
      { name: "notes.txt", bytes: "line one\nline two\n", type: "image/png" },
    ]);
    assertEquals(image.kind, "image");
    assertEquals(image.mediaType, "image/png");
    assertEquals([image.width, image.height, image.size], [64, 48, png.length]);
    assertEquals(notes.kind, "text");
    assertEquals(notes.mediaType, "text/plain; charset=utf-8");
    assertEquals(notes.name, "notes.txt");

    const served = await fetch(
      `${server.base}/api/conversations/${id}/attachments/${image.id}`,
    );
    assertEquals(served.status, 200);
    assertEquals(served.headers.get("content-type"), "image/png");
    assertEquals(served.headers.get("x-content-type-options"), "nosniff");
    assertStringIncludes(served.headers.get("cache-control")!, "private");
    assertEquals(
      served.headers.get("content-disposition"),
      `inline; filename="cat.png"; filename*=UTF-8''cat.png`,
    );
    assertEquals(new Uint8Array(await served.arrayBuffer()), png);
    const text = await fetch(
      `${server.base}/api/conversations/${id}/attachments/${notes.id}`,
    );
    assertEquals(text.headers.get("content-type"), "text/plain; charset=utf-8");
    assert(text.headers.get("content-disposition")!.startsWith("attachment;"));
    assertEquals(await text.text(), "line one\nline two\n");

    const sent = await server.post(`/api/conversations/${id}/messages`, {
      content: "What is in these?",
      attachmentIds: [image.id, notes.id],
    });
    assertEquals(sent.status, 200);
    await responseEvents(sent);
    const [user] = await server.services.store.listMessages(id);
    assertEquals(user.attachments, [image, notes]);
  });

  test("a message may be files alone; the title comes from their names", async (server) => {
    const id = await server.newConversation();
    const [file] = await uploaded(server, id, [
      { name: "todo.md", bytes: "- [ ] ship\n" },
    ]);
    const sent = await server.post(`/api/conversations/${id}/messages`, {
      content: "",
      attachmentIds: [file.id],
    });
    assertEquals(sent.status, 200);
    await responseEvents(sent);
    const [user] = await server.services.store.listMessages(id);
    assertEquals(user.content, "");
    assertEquals(user.attachments?.map((a) => a.name), ["todo.md"]);
    const conversation = await server.services.store.getConversation(id);
    assertStringIncludes(conversation.title.toLowerCase(), "todo.md");
    const empty = await server.post(`/api/conversations/${id}/messages`, {
      content: " ",
      attachmentIds: [],
    });
    assertEquals(await errorOf(empty), [400, "content must not be empty"]);
  });

  test("send refuses files of other conversations and unknown ids", async (server) => {
    const a = await server.newConversation();
    const b = await server.newConversation();
    const [file] = await uploaded(server, a, [{ name: "a.txt", bytes: "a" }]);
    for (const ids of [[file.id], [newId()], ["../../etc/passwd"], "x"]) {
      const response = await server.post(`/api/conversations/${b}/messages`, {
        content: "hi",
        attachmentIds: ids,
      });
      const [status, error] = await errorOf(response);
      assertEquals(status, 400);
      assertStringIncludes(error, "attachmentIds");
    }
    assertEquals(await server.services.store.listMessages(b), []);
  });

  test("an edit keeps the files of the message it edits unless it names others", async (server) => {
    const id = await server.newConversation();
    const [one, two] = await uploaded(server, id, [
      { name: "one.txt", bytes: "1" },
      { name: "two.txt", bytes: "2" },
    ]);
    await responseEvents(
      await server.post(`/api/conversations/${id}/messages`, {
        content: "first",
        attachmentIds: [one.id],
      }),
    );
    const [first] = await server.services.store.listMessages(id);
    await responseEvents(
      await server.post(`/api/conversations/${id}/messages`, {
        content: "first, edited",
        editMessageId: first.id,
      }),
    );
    await responseEvents(
      await server.post(`/api/conversations/${id}/messages`, {
        content: "first, with two",
        parentId: null,
        attachmentIds: [two.id],
      }),
    );
    const users = (await server.services.store.listMessages(id))
      .filter((m) => m.role === "user");
    assertEquals(users.map((m) => m.attachments?.map((a) => a.name)), [
      ["one.txt"],
      ["one.txt"],
      ["two.txt"],
    ]);
  });

  test("wrong types, sizes and counts get clear 4xx answers and store nothing", async (server) => {
    const id = await server.newConversation();
    assertEquals(
      await errorOf(
        await upload(server, id, [
          { name: "ok.txt", bytes: "fine" },
          { name: "report.pdf", bytes: "%PDF-1.7\n\u0000\u0001" },
        ]),
      ),
      [
        415,
        "report.pdf is a PDF document; attach text or code files, or PNG, JPEG, GIF or WebP images.",
      ],
    );
    const [svgStatus, svgError] = await errorOf(
      await upload(server, id, [{ name: "logo.svg", bytes: "<svg/>" }]),
    );
    assertEquals(svgStatus, 415);
    assertStringIncludes(svgError, "logo.svg is an SVG image");
    assertEquals(
      await errorOf(
        await upload(server, id, [
          { name: "notes.txt", bytes: "x".repeat(2_200_000) },
        ]),
      ),
      [413, "notes.txt is 2.1 MB; text files can be at most 512 KB."],
    );
    const [bigStatus, bigError] = await errorOf(
      await upload(server, id, [
        { name: "huge.png", bytes: new Uint8Array(12 * 1024 * 1024) },
      ]),
    );
    assertEquals(bigStatus, 413);
    assertStringIncludes(bigError, "The upload is larger than 11 MB");
    const many = Array.from({ length: 11 }, (_, i) => ({
      name: `${i}.txt`,
      bytes: "x",
    }));
    const [manyStatus, manyError] = await errorOf(
      await upload(server, id, many),
    );
    assertEquals(manyStatus, 400);
    assertStringIncludes(manyError, "At most 10 files");
    const json = await server.post(`/api/conversations/${id}/attachments`, {});
    assertEquals(json.status, 415);
    await json.body?.cancel();
    const unknown = await upload(server, newId(), [{
      name: "a.txt",
      bytes: "a",
    }]);
    assertEquals(await errorOf(unknown), [404, "Conversation not found"]);
    if (store === "csv") {
      const folder = `${server.dataDir}/conversations/${id}.files`;
      const kept = await Array.fromAsync(Deno.readDir(folder)).catch(() => []);
      assertEquals(kept, []);
    }
  });

  test("serving answers 404 for unknown, malformed and other conversations' ids", async (server) => {
    const a = await server.newConversation();
    const b = await server.newConversation();
    const [file] = await uploaded(server, a, [{ name: "a.txt", bytes: "a" }]);
    for (
      const path of [
        `${b}/attachments/${file.id}`,
        `${a}/attachments/${newId()}`,
        `${a}/attachments/..%2F..%2FFORMAT`,
        `${a}/attachments/${file.id}.json`,
        `not-an-id/attachments/${file.id}`,
      ]
    ) {
      const response = await fetch(
        `${server.base}/api/conversations/${path}`,
      );
      assertEquals(response.status, 404, path);
      await response.body?.cancel();
    }
  });
}

Deno.test("API attachments - hostile names never write outside DATA_DIR", async () => {
  const parent = await Deno.makeTempDir({ prefix: "att_outside_" });
  const dataDir = `${parent}/data`;
  const names = [
    "../../outside.txt",
    "../outside2.txt",
    "/tmp/absolute.txt",
    "..\\..\\win.txt",
    "a\u0007b.txt",
    ".hidden",
    'line\r\nbreak".txt',
    "ü".repeat(400) + ".txt",
    "..",
    "",
  ];
  try {
    await withServer({ dataDir }, async (server) => {
      const id = await server.newConversation();
      const records = await uploaded(
        server,
        id,
        names.map((name) => ({ name, bytes: `content of ${name}` })),
      );
      assertEquals(records.map((r) => r.name).slice(0, 7), [
        "outside.txt",
        "outside2.txt",
        "absolute.txt",
        "win.txt",
        "ab.txt",
        "hidden",
        // The form itself escapes CR, LF and quotes in names.
        "line%0D%0Abreak%22.txt",
      ]);
      assertEquals([...records[7].name].length, 200);
      assertEquals(records.slice(8).map((r) => r.name), ["file", "file"]);
      for (const record of records) {
        const served = await fetch(
          `${server.base}/api/conversations/${id}/attachments/${record.id}`,
        );
        assertEquals(served.status, 200);
        assert(!/[\r\n]/.test(served.headers.get("content-disposition")!));
        await served.body?.cancel();
      }
      // A NUL in a name makes the form unreadable: refused, nothing kept.
      const nul = await upload(server, id, [{ name: "a\u0000b", bytes: "x" }]);
      assertEquals(await errorOf(nul), [400, "The form could not be read"]);
      assertEquals(await server.services.store.listMessages(id), []);
    });
    // Only the data folder was made in the parent, and inside it every
    // file is named by the store (ids), never by a person's name.
    const outside = [];
    for await (const entry of Deno.readDir(parent)) outside.push(entry.name);
    assertEquals(outside, ["data"]);
    const named: string[] = [];
    const walk = async (dir: string) => {
      for await (const entry of Deno.readDir(dir)) {
        if (/outside|absolute|win|hidden|break|ü/.test(entry.name)) {
          named.push(entry.name);
        }
        if (entry.isDirectory) await walk(`${dir}/${entry.name}`);
      }
    };
    await walk(parent);
    assertEquals(named, []);
  } finally {
    await Deno.remove(parent, { recursive: true }).catch(() => {});
  }
});

for (const store of ["csv", "kv"] as const) {
  Deno.test(`API attachments - exports carry the files; importing the JSON brings them back [${store}]`, async () => {
    await withServer({ store }, async (server) => {
      const id = await server.newConversation("With files");
      const png = await pngBytes(5, 4);
      const files = await uploaded(server, id, [
        { name: "notes.txt", bytes: "kept words\n" },
        { name: "cat [1].png", bytes: png },
      ]);
      await responseEvents(
        await server.post(`/api/conversations/${id}/messages`, {
          content: "see files",
          attachmentIds: files.map((f) => f.id),
        }),
      );
      const exported = async (format: string) =>
        await (await fetch(
          `${server.base}/api/conversations/${id}/export?format=${format}`,
        )).text();
      const md = await exported("md");
      assertStringIncludes(
        md,
        `- [notes.txt](/api/conversations/${id}/attachments/${
          files[0].id
        }) (11 bytes text)`,
      );
      assertStringIncludes(md, `- [cat \\[1\\].png](`);
      assertStringIncludes(await exported("csv"), "notes.txt");
      const json = JSON.parse(await exported("json"));
      assertEquals(
        json.attachments.map((a: { name: string }) => a.name),
        ["notes.txt", "cat [1].png"],
      );
      // A file whose bytes were swapped for a PDF is refused on import.
      json.attachments.push({
        ...json.attachments[0],
        id: newId(),
        name: "sneaky.txt",
        data: btoa("%PDF-1.7\n\u0000"),
      });
      json.messages[0].attachments.push(json.attachments[2]);
      const response = await fetch(`${server.base}/api/import`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(json),
      });
      assertEquals(response.status, 201);
      const report = await response.json();
      assertStringIncludes(
        JSON.stringify(report.skipped),
        "sneaky.txt is a PDF document",
      );
      const copy = report.imported[0].id;
      const [user] = await server.services.store.listMessages(copy);
      assertEquals(user.attachments?.map((a) => a.name), [
        "notes.txt",
        "cat [1].png",
      ]);
      assertEquals(user.attachments?.[1].width, 5);
      const served = await fetch(
        `${server.base}/api/conversations/${copy}/attachments/${
          user.attachments![1].id
        }`,
      );
      assertEquals(new Uint8Array(await served.arrayBuffer()), png);
    });
  });
}

for (const store of ["csv", "kv"] as const) {
  Deno.test(`API attachments - files follow the trash: hidden, restored, purged by the sweep [${store}]`, async () => {
    await withServer({ store }, async (server) => {
      const id = await server.newConversation();
      const [file] = await uploaded(server, id, [
        { name: "a.txt", bytes: "a" },
      ]);
      const url =
        `${server.base}/api/conversations/${id}/attachments/${file.id}`;
      const status = async () => {
        const response = await fetch(url);
        await response.body?.cancel();
        return response.status;
      };
      const call = (path: string, method: string) =>
        fetch(`${server.base}${path}`, { method }).then((r) =>
          r.body?.cancel()
        );
      await call(`/api/conversations/${id}`, "DELETE");
      assertEquals(await status(), 404);
      await call(`/api/conversations/${id}/restore`, "POST");
      assertEquals(await status(), 200);
      await call(`/api/conversations/${id}`, "DELETE");
      const later = () => new Date(Date.now() + 31 * 86_400_000);
      assertEquals(
        await sweepTrash(server.services.store, { days: 30, now: later }),
        1,
      );
      await call(`/api/conversations/${id}/restore`, "POST");
      assertEquals(await status(), 404);
      if (store === "csv") {
        for (const dir of ["conversations", "trash"]) {
          const names = await Array.fromAsync(
            Deno.readDir(`${server.dataDir}/${dir}`),
            (e) => e.name,
          );
          assertEquals(names.filter((n) => n.includes(id)), [], dir);
        }
      }
    });
  });
}

Deno.test("API attachments - an upload form posted from another site is refused (403) and stores nothing", async () => {
  await withServer({}, async (server) => {
    const id = await server.newConversation();
    const form = new FormData();
    form.append("file", new File(["planted"], "x.txt"));
    const response = await fetch(
      `${server.base}/api/conversations/${id}/attachments`,
      {
        method: "POST",
        headers: {
          origin: "https://evil.example",
          "sec-fetch-site": "cross-site",
        },
        body: form,
      },
    );
    assertEquals(response.status, 403);
    await response.body?.cancel();
    const folder = `${server.dataDir}/conversations/${id}.files`;
    assertEquals(
      await Array.fromAsync(Deno.readDir(folder)).catch(() => []),
      [],
    );
  });
});

for (const store of ["csv", "kv"] as const) {
  Deno.test(`API attachments - search finds a chat by the name of a file in it [${store}]`, async () => {
    await withServer({ store }, async (server) => {
      const id = await server.newConversation("Unrelated title");
      await server.newConversation("Other");
      const [file] = await uploaded(server, id, [
        { name: "Quarterly-Report.md", bytes: "# Q3\n" },
      ]);
      await responseEvents(
        await server.post(`/api/conversations/${id}/messages`, {
          content: "summarise",
          attachmentIds: [file.id],
        }),
      );
      const found = await (await fetch(
        `${server.base}/api/conversations?q=quarterly-report`,
      )).json();
      assertEquals(found.conversations.map((c: { id: string }) => c.id), [id]);
      const { match } = found.conversations[0];
      assertEquals(
        match.before + match.match + match.after,
        "Quarterly-Report.md",
      );
    });
  });
}

Deno.test("API attachments - a UTF-16 text file (Windows Notepad) is kept and served as UTF-8", async () => {
  await withServer({}, async (server) => {
    const id = await server.newConversation();
    const utf16 = new Uint8Array([
      0xff,
      0xfe,
      ...[..."Grüße"].flatMap((c) => [c.charCodeAt(0), 0]),
    ]);
    const [file] = await uploaded(server, id, [{
      name: "memo.txt",
      bytes: utf16,
    }]);
    assertEquals([file.kind, file.size], ["text", 7]);
    const served = await fetch(
      `${server.base}/api/conversations/${id}/attachments/${file.id}`,
    );
    assertEquals(await served.text(), "Grüße");
  });
});
