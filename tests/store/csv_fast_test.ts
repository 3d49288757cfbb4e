import { assert, assertEquals } from "@std/assert";
import { parse } from "@std/csv";
import { encodeRows } from "../../lib/store/columns.ts";
import { readCanonical } from "../../lib/store/csv_fast.ts";
import { readTable } from "../../lib/store/csv_read.ts";

const HEADER = ["id", "title", "content"];

/** Rows the store could write: quotes, commas, newlines, emptiness, unicode. */
const ROWS = [
  ["1", "plain", "text"],
  ["2", 'a "quoted" word', "comma, inside"],
  ["3", "", "line one\nline two\n"],
  ["4", "ünïcode 😀", '""'],
  ["5", " spaces ", ""],
  ["", "", ""],
  ["6", "=1+2", "last"],
];

Deno.test("Quick CSV reader - reads what the store writes as the general parser does", () => {
  const text = encodeRows(ROWS, { header: HEADER });
  const quick = readCanonical(text);
  assert(quick, "a file the store wrote takes the quick way");
  assertEquals(quick.header, HEADER);
  const reference = (parse(text) as string[][]).slice(1)
    .filter((row) => row.some((f) => f !== ""));
  assertEquals(quick.rows.map((r) => r.fields), reference);
  // Each row's offset is where it starts in the text.
  for (const row of quick.rows) {
    const line = text.slice(row.at, text.indexOf("\r\n", row.at));
    assertEquals((parse(line) as string[][])[0], row.fields);
  }
});

Deno.test("Quick CSV reader - anything unusual goes to the careful reader", () => {
  const good = encodeRows(ROWS, { header: HEADER });
  const unusual: Record<string, string> = {
    "no final row end": good.slice(0, -2),
    "a blank line": good.replace("\r\n2,", "\r\n\r\n2,"),
    "a LF row end": good.replace("\r\n2,", "\n2,"),
    "a CR inside a value": good.replace("line one\n", "line one\r\n"),
    "a stray quote": good.replace("plain", 'pl"ain'),
    "a row too short": good.replace("1,plain,text", "1,plain"),
    "an unclosed quote": good.replace('"comma, inside"', '"comma, inside'),
    "a byte order mark": "\uFEFF" + good,
  };
  for (const [what, text] of Object.entries(unusual)) {
    assertEquals(readCanonical(text), null, what);
  }
  // The careful reader still reports the damage with its line.
  const table = readTable(
    new TextEncoder().encode(unusual["a row too short"]),
    { columns: HEADER, required: ["id"], atStartup: false },
  );
  assertEquals(table.problems.map((p) => p.line), [2]);
  assertEquals(table.rows.length, ROWS.length - 2);
});
