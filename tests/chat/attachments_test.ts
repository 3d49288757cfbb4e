/**
 * Attached files reach the model: the demo states what it received; the
 * OpenAI-compatible and Anthropic request bodies (mock providers on real
 * local HTTP servers) carry the text and the image; a model without
 * images gets a note instead.
 */
import { assert, assertEquals, assertStringIncludes } from "@std/assert";
import type { Attachment } from "../../lib/api/attachments.ts";
import { startAnthropicMock, startOpenAIMock } from "../ai/mock_providers.ts";
import { pngBytes } from "../_helpers/images.ts";
import { deltaText } from "./helpers.ts";
import { responseEvents, type TestServer, withServer } from "./server.ts";

async function uploadFiles(
  server: TestServer,
  id: string,
  files: { name: string; bytes: Uint8Array | string }[],
): Promise<Attachment[]> {
  const form = new FormData();
  for (const file of files) {
    form.append(
      "file",
      new File([file.bytes as BlobPart], file.name),
    );
  }
  const response = await fetch(
    `${server.base}/api/conversations/${id}/attachments`,
    { method: "POST", body: form },
  );
  assertEquals(response.status, 201);
  return (await response.json()).attachments;
}

const NOTES = "first line\nsecond line\n";

Deno.test("Chat attachments - the demo model says what it received", async () => {
  await withServer({}, async (server) => {
    const id = await server.newConversation();
    const png = await pngBytes(640, 480);
    const files = await uploadFiles(server, id, [
      { name: "notes.txt", bytes: NOTES },
      { name: "cat.png", bytes: png },
    ]);
    const events = await responseEvents(
      await server.post(`/api/conversations/${id}/messages`, {
        content: "What are these?",
        attachmentIds: files.map((f) => f.id),
      }),
    );
    const text = deltaText(events);
    const size = `${(png.length / 1024).toFixed(1).replace(/\.0$/, "")} KB`;
    assert(
      text.startsWith(
        `I received 2 files: notes.txt (23 bytes text), cat.png (${size} image, 640×480).`,
      ),
      text,
    );
    // The question is still answered; the file's text is not taken for it.
    assertStringIncludes(text, "What are these?");
    assert(!text.includes("second line"));
    // Files alone: the demo only says what it got.
    const alone = await responseEvents(
      await server.post(`/api/conversations/${id}/messages`, {
        content: "",
        attachmentIds: [files[0].id],
      }),
    );
    assertEquals(
      deltaText(alone),
      "I received 1 file: notes.txt (23 bytes text).",
    );
  });
});

Deno.test("Chat attachments - OpenAI-compatible requests carry the text and an image_url; a model without images gets a note", async () => {
  const mock = startOpenAIMock(["gpt-4o-mini", "llama3.2"]);
  try {
    await withServer({ openaiBaseUrl: mock.url }, async (server) => {
      const id = await server.newConversation();
      const png = await pngBytes(4, 3);
      const files = await uploadFiles(server, id, [
        { name: "notes.txt", bytes: NOTES },
        { name: "cat.png", bytes: png },
      ]);
      await responseEvents(
        await server.post(`/api/conversations/${id}/messages`, {
          content: "Describe",
          model: "openai:gpt-4o-mini",
          attachmentIds: files.map((f) => f.id),
        }),
      );
      const body = mock.requests.find((r) => r.body?.stream === true)!.body!;
      const user = (body.messages as { role: string; content: unknown }[])
        .findLast((m) => m.role === "user")!;
      const parts = user.content as Record<string, unknown>[];
      assertEquals(parts[0], { type: "text", text: "Describe" });
      assertEquals(parts[1], {
        type: "text",
        text: `<file name="notes.txt">\n${NOTES}\n</file>`,
      });
      const dataUrl = `data:image/png;base64,${
        btoa(String.fromCharCode(...png))
      }`;
      assertEquals(
        (parts[2] as { image_url: { url: string } }).image_url.url,
        dataUrl,
      );

      mock.requests.length = 0;
      await responseEvents(
        await server.post(`/api/conversations/${id}/messages`, {
          content: "Again",
          model: "openai:llama3.2",
        }),
      );
      const later = JSON.stringify(
        mock.requests.find((r) => r.body?.stream === true)!.body!.messages,
      );
      assert(!later.includes("image_url"), "no image for a text model");
      assertStringIncludes(
        later,
        "cat.png (",
      );
      assertStringIncludes(later, "this model does not accept images");
      // The earlier text file is still in the context.
      assertStringIncludes(later, "second line");
    });
  } finally {
    await mock.close();
  }
});

Deno.test("Chat attachments - Anthropic requests carry an image block", async () => {
  const mock = startAnthropicMock(["claude-mock"]);
  try {
    await withServer(
      { anthropicApiKey: "test-key", anthropicBaseUrl: mock.url },
      async (server) => {
        const id = await server.newConversation();
        const png = await pngBytes(2, 2);
        const [image] = await uploadFiles(server, id, [
          { name: "dot.png", bytes: png },
        ]);
        await responseEvents(
          await server.post(`/api/conversations/${id}/messages`, {
            content: "",
            model: "anthropic:claude-mock",
            attachmentIds: [image.id],
          }),
        );
        const body = mock.requests.find((r) => r.body?.stream === true)!
          .body!;
        const user = (body.messages as { role: string; content: unknown }[])
          .findLast((m) => m.role === "user")!;
        const block = (user.content as Record<string, unknown>[])
          .find((b) => b.type === "image");
        assertEquals(block?.source, {
          type: "base64",
          media_type: "image/png",
          data: btoa(String.fromCharCode(...png)),
        });
      },
    );
  } finally {
    await mock.close();
  }
});
