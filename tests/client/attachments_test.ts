import { assert, assertEquals, assertExists, assertRejects } from "@std/assert";
import { NotFoundError } from "../../lib/store/mod.ts";
import { MAX_ATTACHMENTS_PER_MESSAGE } from "../../lib/api/attachments.ts";
import { thumbnailSize } from "../../lib/client/attachments.ts";
import { checkFile } from "../../lib/client/file_check.ts";
import type { AttachmentTray } from "../../lib/client/attachments_model.ts";
import { pngBytes } from "../_helpers/images.ts";
import { setup, withApp } from "./_chat_model.ts";

const text = (name: string, body: string, type = "text/plain") =>
  new File([body], name, { type });

Deno.test("Attachments - the browser's checks name the file and the limit", () => {
  assertEquals(checkFile({ name: "a.ts", type: "video/mp2t", size: 10 }), {
    kind: "text",
  });
  assertEquals(checkFile({ name: "LICENSE", type: "", size: 10 }), {
    kind: "text",
  });
  assertEquals(checkFile({ name: "p.png", type: "image/png", size: 10 }), {
    kind: "image",
  });
  assertEquals(
    checkFile({ name: "notes.txt", type: "text/plain", size: 2.1 * 1048576 }),
    { error: "notes.txt is 2.1 MB; text files can be at most 512 KB." },
  );
  assertEquals(
    checkFile({ name: "big.jpg", type: "image/jpeg", size: 11 * 1048576 }),
    { error: "big.jpg is 11 MB; images can be at most 10 MB." },
  );
  const refused = (name: string, type: string) => {
    const checked = checkFile({ name, type, size: 10 });
    return "error" in checked ? checked.error : "";
  };
  assert(
    refused("photo.heic", "image/heic").includes("PNG, JPEG, GIF or WebP"),
  );
  assert(refused("report.pdf", "application/pdf").startsWith("report.pdf is"));
  assertEquals(thumbnailSize({ width: 4000, height: 3000 }), {
    width: 160,
    height: 120,
  });
  assertEquals(thumbnailSize({ width: 40, height: 30 }), {
    width: 40,
    height: 30,
  });
});

Deno.test("Chat model - files go with the first message; refusals keep everything and say why", async () => {
  await withApp(async (app) => {
    const { model, toastTexts } = await setup(app.base);
    // The tray's code comes with the first file. Left out in the
    // browser, with the reason; never uploaded.
    assertEquals(model.tray.value, null);
    await model.attach([
      text("huge.txt", "x".repeat(600 * 1024)),
      new File(["%PDF-1.4"], "report.pdf", { type: "application/pdf" }),
    ]);
    const tray = model.tray.value!;
    assertEquals(tray.chips.value, []);
    assert(tray.notice.value.includes("huge.txt is 600 KB"));
    assert(tray.notice.value.includes("report.pdf is not a file"));
    const many = Array.from(
      { length: MAX_ATTACHMENTS_PER_MESSAGE + 2 },
      (_, i) => text(`f${i}.txt`, "x"),
    );
    tray.add(many);
    assertEquals(tray.chips.value.length, MAX_ATTACHMENTS_PER_MESSAGE);
    assert(tray.notice.value.includes("2 were left out"), tray.notice.value);
    for (const chip of tray.chips.value.slice(1)) tray.remove(chip.key);
    assertEquals(tray.notice.value, "");

    // A new chat: nothing to upload to until the message is sent.
    const png = await pngBytes(40, 30);
    await model.attach([new File([png], "pixel.png", { type: "image/png" })]);
    assertEquals(model.announcement.value, "Attached pixel.png");
    assertEquals(tray.chips.value.map((c) => c.status), ["waiting", "waiting"]);
    await model.send("What do you see?");
    const id = model.conversation.value?.id;
    assertExists(id);
    assertEquals(tray.chips.value, []);
    const stored = await app.services.store.listMessages(id);
    const files = stored[0].attachments ?? [];
    assertEquals(files.map((f) => [f.name, f.kind, f.size]), [
      ["f0.txt", "text", 1],
      ["pixel.png", "image", png.length],
    ]);
    assertEquals([files[1].width, files[1].height], [40, 30]);
    // An image asked the server which models read images.
    assertEquals(model.models.value.find((m) => m.id === "demo")?.images, true);
    // Shown as stored, ids included (the links work at once).
    assertEquals(model.messages.value[0].attachments, files);

    // The server refuses what the browser could not tell (it reads the
    // bytes): binary data (415), text called .png over the text limit
    // (413). The chips say why; the message waits in the composer.
    await model.attach([
      new File([new Uint8Array([0, 1, 2, 255])], "data.bin", {
        type: "application/octet-stream",
      }),
      text("big.png", "y".repeat(600 * 1024), "image/png"),
    ]);
    await until(
      tray,
      () => tray.chips.value.every((c) => c.status === "failed"),
    );
    const [binary, big] = tray.chips.value.map((c) => c.error!);
    assert(binary.includes("data.bin"), binary);
    assert(big.includes("big.png"), big);
    const sentence = binary;
    const before = model.messages.value;
    model.draft.value = "And this one?";
    await model.send();
    assertEquals(model.messages.value, before);
    assertEquals(model.draft.value, "And this one?");
    assertEquals(tray.chips.value.map((c) => c.status), ["failed", "failed"]);
    assertEquals(toastTexts().at(-1), sentence);
    assertEquals((await app.services.store.listMessages(id)).length, 2);
    // Removed, the message goes.
    for (const chip of tray.chips.value) tray.remove(chip.key);
    await model.send();
    assertEquals((await app.services.store.listMessages(id)).length, 4);
  });
});

Deno.test("Chat model - files upload as soon as they are added; an edit keeps them unless removed", async () => {
  await withApp(async (app) => {
    const { model } = await setup(app.base);
    await model.send("Hello");
    const id = model.conversation.value!.id;
    await model.attach([text("a.md", "# A"), text("b.txt", "bee")]);
    const tray = model.tray.value!;
    assertEquals(tray.chips.value.map((c) => c.status), [
      "uploading",
      "uploading",
    ]);
    await until(
      tray,
      () => tray.chips.value.every((c) => c.status === "ready"),
    );
    // Taken off: the stored copy is removed from the server too.
    const bee = tray.chips.value[1].attachment!;
    await tray.remove(tray.chips.value[1].key);
    await assertRejects(
      () => app.services.store.readAttachment(id, bee.id),
      NotFoundError,
    );
    // Stop while the files upload: nothing is sent, all is kept.
    const shown = model.messages.value;
    const sending = model.send("Read this");
    await model.stop();
    await sending;
    assertEquals(model.messages.value, shown);
    assertEquals(model.draft.value, "Read this");
    assertEquals(tray.chips.value.map((c) => c.name), ["a.md"]);
    assertEquals(
      model.announcement.value,
      "Not sent; the message is back in the box",
    );
    assertEquals((await app.services.store.listMessages(id)).length, 2);
    await model.send("Read this");
    const question = model.messages.value[2];
    assertEquals(question.attachments?.map((a) => a.name), ["a.md"]);

    // Edited: the new version keeps the file.
    model.startEdit(question);
    model.editText("Read this, please");
    await model.saveEdit();
    const edited = model.messages.value[2];
    assert(edited.id !== question.id);
    assertEquals(edited.attachments, question.attachments);
    // Edited again without it: the new version has none; the old keep it.
    model.startEdit(edited);
    model.removeEditAttachment(edited.attachments![0].id);
    await model.saveEdit();
    const stored = await app.services.store.listMessages(id);
    const latest = stored.find((m) => m.id === model.messages.value[2].id)!;
    assertEquals(latest.attachments ?? [], []);
    assertEquals(
      stored.find((m) => m.id === edited.id)?.attachments?.[0].name,
      "a.md",
    );
  });
});

/** Resolves once `check` holds after a change of the tray's chips. */
function until(tray: AttachmentTray, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const stop = tray.chips.subscribe(() => {
      if (check()) {
        queueMicrotask(() => stop());
        resolve();
      }
    });
  });
}
