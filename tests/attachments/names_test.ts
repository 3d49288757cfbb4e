import { assert, assertEquals } from "@std/assert";
import {
  contentDisposition,
  MAX_NAME_CHARS,
  safeFileName,
} from "../../lib/attachments/mod.ts";

Deno.test("Attachment names - folders are dropped, only the last segment stays", () => {
  assertEquals(safeFileName("../../etc/passwd"), "passwd");
  assertEquals(safeFileName("..\\..\\windows\\win.ini"), "win.ini");
  assertEquals(safeFileName("/abs/path/notes.txt"), "notes.txt");
  assertEquals(safeFileName("dir/"), "file");
});

Deno.test("Attachment names - control characters, NUL and direction marks go", () => {
  assertEquals(safeFileName("a\u0000b\nc\r\td.txt"), "abcd.txt");
  assertEquals(safeFileName("report\u202Efdp.exe"), "reportfdp.exe");
  assertEquals(safeFileName("x\u0085y\u007f.md"), "xy.md");
});

Deno.test("Attachment names - no leading dots, Unicode kept, reserved characters replaced", () => {
  assertEquals(safeFileName(".htaccess"), "htaccess");
  assertEquals(safeFileName("...  .env"), "env");
  assertEquals(safeFileName(".."), "file");
  assertEquals(safeFileName("résumé 日本語 🐱.txt"), "résumé 日本語 🐱.txt");
  assertEquals(safeFileName('say "hi"?.txt'), "say _hi__.txt");
  // NFC: a decomposed é becomes one character.
  assertEquals(safeFileName("e\u0301.txt"), "\u00e9.txt");
});

Deno.test("Attachment names - a very long name is cut, keeping its extension", () => {
  const name = safeFileName("ä".repeat(5000) + ".py");
  assertEquals([...name].length, MAX_NAME_CHARS);
  assert(name.endsWith("ä.py"));
  const emoji = safeFileName("🐱".repeat(300));
  assertEquals([...emoji].length, MAX_NAME_CHARS);
  assert(!emoji.includes("\uFFFD"));
});

Deno.test("Attachment names - Content-Disposition stays one safe header", () => {
  const value = contentDisposition(
    "attachment",
    'evil"; filename="x.html\r\nSet-Cookie: a=b\u0000.txt',
  );
  assert(!/[\r\n]/.test(value) && !value.includes("\u0000"));
  // The header is accepted as one value by the platform.
  const headers = new Headers({ "content-disposition": value });
  assertEquals(headers.get("content-disposition"), value);
  const ascii = /filename="([^"]*)"/.exec(value)![1];
  assert(!ascii.includes('"'));
  assertEquals(
    contentDisposition("inline", "日本 cat.png"),
    `inline; filename="__ cat.png"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%20cat.png`,
  );
  const star = /filename\*=UTF-8''(.*)$/.exec(value)![1];
  assertEquals(
    decodeURIComponent(star),
    "evil_; filename=_x.htmlSet-Cookie_ a=b.txt",
  );
});
