import { assert, assertEquals, assertMatch } from "@std/assert";
import {
  createIdGenerator,
  ID_PATTERN,
  idTime,
  isId,
  newId,
} from "../../lib/store/uuid.ts";

Deno.test("UUIDv7 - format: lowercase, version 7, RFC variant", () => {
  for (let i = 0; i < 1000; i++) {
    const id = newId();
    assertMatch(
      id,
      /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    assert(isId(id));
  }
});

Deno.test("UUIDv7 - timestamp field holds the creation time", () => {
  const before = Date.now();
  const id = newId();
  const after = Date.now();
  const time = idTime(id);
  assert(
    time >= before && time <= after,
    `${time} not in [${before}, ${after}]`,
  );
});

Deno.test("UUIDv7 - strictly increasing within one millisecond", () => {
  const next = createIdGenerator({ now: () => 1_700_000_000_000 });
  let previous = next();
  for (let i = 0; i < 5000; i++) {
    const id = next();
    assert(id > previous, `${id} <= ${previous}`);
    previous = id;
  }
});

Deno.test("UUIDv7 - order kept when the clock goes back", () => {
  let clock = 2_000_000;
  const next = createIdGenerator({ now: () => clock });
  const first = next();
  clock -= 1000;
  const second = next();
  assert(second > first);
  clock += 5000;
  const third = next();
  assert(third > second);
  assertEquals(idTime(third), clock);
});

Deno.test("UUIDv7 - counter overflow moves the timestamp ahead", () => {
  // Random bytes all 0xff: the counter starts at 0x7ff, so it overflows
  // after 2048 ids in the same millisecond.
  const next = createIdGenerator({
    now: () => 1000,
    fill: (bytes) => bytes.fill(0xff),
  });
  const ids = Array.from({ length: 5000 }, () => next());
  for (let i = 1; i < ids.length; i++) assert(ids[i] > ids[i - 1]);
  assertEquals(idTime(ids[0]), 1000);
  assert(idTime(ids[ids.length - 1]) > 1000);
  assertEquals(new Set(ids).size, ids.length);
});

Deno.test("UUIDv7 - ids sort like their creation times across ms", () => {
  let clock = 10;
  const next = createIdGenerator({ now: () => clock });
  const ids: string[] = [];
  for (let i = 0; i < 300; i++) {
    if (i % 7 === 0) clock += 1;
    ids.push(next());
  }
  assertEquals([...ids].sort(), ids);
});

Deno.test("UUIDv7 - isId rejects everything else", () => {
  const good = newId();
  const bad = [
    good.toUpperCase(),
    good.slice(0, 35),
    good + "0",
    ` ${good}`,
    good.slice(0, 14) + "4" + good.slice(15),
    "00000000-0000-0000-0000-000000000000",
    "../../etc/passwd",
    "%2e%2e%2f",
    good.slice(0, 10) + "\0" + good.slice(11),
    good.replace(/-/g, "\\"),
    "a".repeat(10_000),
    "",
    null,
    undefined,
    42,
    { id: good },
  ];
  for (const value of bad) assert(!isId(value), `accepted ${String(value)}`);
  assert(ID_PATTERN.test(good));
});
