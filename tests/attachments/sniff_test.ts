import { assertEquals, assertThrows } from "@std/assert";
import { sniffFile } from "../../lib/attachments/sniff.ts";
import { UnsupportedMediaTypeError } from "../../lib/errors.ts";
import {
  gifBytes,
  jpegBytes,
  pngBytes,
  webpBytes,
} from "../_helpers/images.ts";

const text = (s: string) => new TextEncoder().encode(s);

Deno.test("Attachment sniffing - images by their bytes, with pixel sizes", async () => {
  assertEquals(sniffFile(await pngBytes(3, 2), "a.txt"), {
    kind: "image",
    mediaType: "image/png",
    width: 3,
    height: 2,
  });
  assertEquals(sniffFile(jpegBytes(640, 480), "x").mediaType, "image/jpeg");
  assertEquals(sniffFile(jpegBytes(640, 480), "x").width, 640);
  assertEquals(sniffFile(gifBytes(7, 9), "x").height, 9);
  assertEquals(sniffFile(webpBytes(300, 200), "x.webp"), {
    kind: "image",
    mediaType: "image/webp",
    width: 300,
    height: 200,
  });
});

Deno.test("Attachment sniffing - text is UTF-8 without NUL; the name only picks the subtype", () => {
  assertEquals(sniffFile(text("# Title\n"), "notes.md"), {
    kind: "text",
    mediaType: "text/markdown",
  });
  assertEquals(
    sniffFile(text("print('hi')\n"), "a.py").mediaType,
    "text/x-python",
  );
  assertEquals(
    sniffFile(text("héllo"), "README").mediaType,
    "text/plain; charset=utf-8",
  );
  // A name claiming an image does not make text an image, nor the reverse.
  assertEquals(sniffFile(text("just text"), "cat.png").kind, "text");
});

Deno.test("Attachment sniffing - everything else is refused with a sentence naming the file", () => {
  const refused = (bytes: Uint8Array, name: string) =>
    assertThrows(() => sniffFile(bytes, name), UnsupportedMediaTypeError)
      .message;
  assertEquals(
    refused(text("%PDF-1.7\n\u0000binary"), "report.pdf"),
    "report.pdf is a PDF document; attach text or code files, or PNG, JPEG, GIF or WebP images.",
  );
  assertEquals(
    refused(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), "a.zip").startsWith(
      "a.zip is a ZIP archive",
    ),
    true,
  );
  assertEquals(
    refused(new Uint8Array([0x4d, 0x5a, 0x90, 0, 3]), "setup.exe")
      .startsWith("setup.exe is a Windows program"),
    true,
  );
  assertEquals(
    refused(text("<svg xmlns='http://www.w3.org/2000/svg'/>"), "logo.svg")
      .startsWith("logo.svg is an SVG image, which can carry scripts"),
    true,
  );
  assertEquals(
    refused(text("a\u0000b"), "data.bin").startsWith(
      "data.bin is not a text file or a supported image",
    ),
    true,
  );
  // Invalid UTF-8 (a Latin-1 file) is not text.
  refused(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), "latin1.txt");
  // A PNG signature with nothing readable after it.
  assertEquals(
    refused(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1]),
      "broken.png",
    ).startsWith("broken.png looks like a PNG image but cannot be read"),
    true,
  );
});

Deno.test("Attachment sniffing - UTF-16 text with a byte order mark is kept as UTF-8", () => {
  const utf16le = new Uint8Array([
    0xff,
    0xfe,
    0x68,
    0,
    0xe9,
    0,
    0x3d,
    0xd8,
    0x31,
    0xdc,
  ]);
  const found = sniffFile(utf16le, "windows.txt");
  assertEquals(found.kind, "text");
  assertEquals(new TextDecoder().decode(found.utf8), "hé🐱");
  const utf16be = new Uint8Array([0xfe, 0xff, 0, 0x68, 0, 0x69]);
  assertEquals(new TextDecoder().decode(sniffFile(utf16be, "x").utf8), "hi");
  // A mark followed by something else, or a NUL character, is not text.
  assertThrows(
    () => sniffFile(new Uint8Array([0xff, 0xfe, 0, 0]), "x.txt"),
    UnsupportedMediaTypeError,
  );
  assertThrows(
    () => sniffFile(new Uint8Array([0xff, 0xfe, 0x00, 0xdc]), "x.txt"),
    UnsupportedMediaTypeError,
  );
});
