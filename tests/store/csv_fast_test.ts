import { assert, assertEquals } from "@std/assert";
import { parse } from "@std/csv";
import { encodeRows } from "../../lib/store/columns.ts";
import {
  eachCanonicalRow,
  eachCanonicalRowOfFile,
  readCanonical,
} from "../../lib/store/csv_fast.ts";
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

/** The header and rows each reader visits, or null when it gives up. */
function visited(text: string) {
  const rows: string[][] = [];
  let header: string[] = [];
  const whole = eachCanonicalRow(text, {
    header: (fields) => (header = fields, true),
    row: (fields) => void rows.push(fields),
  });
  return whole ? { header, rows } : null;
}

async function visitedInFile(bytes: Uint8Array) {
  const path = await Deno.makeTempFile();
  try {
    await Deno.writeFile(path, bytes);
    using file = await Deno.open(path);
    const rows: string[][] = [];
    let header: string[] = [];
    const whole = await eachCanonicalRowOfFile(file, {
      header: (fields) => (header = fields, true),
      row(fields, at) {
        // `at` is the row's first byte in the file.
        const end = bytes.indexOf(0x0d, at);
        const line = new TextDecoder().decode(bytes.subarray(at, end));
        assertEquals(line.split(",")[0], fields[0].split(",")[0]);
        rows.push(fields);
      },
    });
    return whole ? { header, rows } : null;
  } finally {
    await Deno.remove(path);
  }
}

Deno.test("Quick CSV reader - a file read piece by piece gives what its whole text gives, rows across pieces and longer than one included", async () => {
  const encoder = new TextEncoder();
  const good = encodeRows(ROWS, { header: HEADER });
  // 3,000 rows of many lengths put row ends at every place of a piece; a
  // row of 150 kB is longer than a piece; one row ends with its CR as the
  // last byte of the first piece.
  const many: string[][] = [];
  for (let i = 0; i < 3000; i++) {
    many.push([String(i), "ü".repeat(i % 97), i % 5 ? "x" : 'a "q", b']);
  }
  many.push(["long", "y".repeat(150_000), "end"]);
  const big = encodeRows(many, { header: HEADER });
  const head = encodeRows([["p", "", ""]], { header: HEADER });
  const pad = 65_535 - encoder.encode(head).length - "0,,".length;
  const boundary = head + `0,${"z".repeat(pad)},\r\n` + "1,a,b\r\n";
  assertEquals(encoder.encode(boundary).indexOf(0x0d, 65_000), 65_535);
  const texts: Record<string, string> = {
    good,
    big,
    boundary,
    "no final row end": good.slice(0, -2),
    "a blank line": good.replace("\r\n2,", "\r\n\r\n2,"),
    "a LF row end": good.replace("\r\n2,", "\n2,"),
    "a CR inside a value": good.replace("line one\n", "line one\r\n"),
    "a lone CR at the end": good + "\r",
    "a stray quote": good.replace("plain", 'pl"ain'),
    "a row too short": big.replace("\r\n7,", "\r\n7\r\n7,"),
    "two byte order marks": "\uFEFF\uFEFF" + good,
    "empty": "",
  };
  for (const [what, text] of Object.entries(texts)) {
    // The text is what decoding the whole file gave (one BOM dropped).
    const bytes = encoder.encode(text);
    const whole = visited(new TextDecoder().decode(bytes));
    assertEquals(await visitedInFile(bytes), whole, what);
    if (["good", "big", "boundary"].includes(what)) assert(whole, what);
  }
  // A byte order mark before a file the store wrote: read the quick way,
  // as when the whole file was decoded.
  const withBom = encoder.encode("\uFEFF" + good);
  assertEquals(await visitedInFile(withBom), visited(good));
});
