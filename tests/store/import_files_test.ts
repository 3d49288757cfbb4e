import { assertEquals, assertStringIncludes } from "@std/assert";
import {
  readImportFiles,
  withImportFiles,
} from "../../lib/store/import_files.ts";
import type { ImportSkip } from "../../lib/store/mod.ts";
import { newId } from "../../lib/store/mod.ts";

Deno.test("Import files - checked like uploads; a message keeps at most 10, only those that came through", () => {
  const skipped: ImportSkip[] = [];
  const ok = newId();
  const files = readImportFiles(
    [
      { id: ok, name: "../a.txt", data: btoa("hello") },
      { id: newId(), name: "x.exe", data: btoa("MZ\u0000\u0001") },
      { id: newId(), name: "bad", data: "%%%" },
      { name: "no id", data: btoa("x") },
    ],
    "conversation 1",
    skipped,
  );
  assertEquals([...files.keys()], [ok]);
  assertEquals(files.get(ok)!.attachment.name, "a.txt");
  assertEquals(skipped.length, 3);
  assertStringIncludes(skipped[0].reason, "x.exe is a Windows program");
  const message = withImportFiles(
    { role: "user", content: "x" },
    [...Array(12).fill({ id: ok }), { id: newId() }],
    files,
  );
  assertEquals(message.attachments?.length, 10);
  assertEquals(message.attachments?.[0].id, files.get(ok)!.attachment.id);
});
