import { signal } from "@preact/signals";
import {
  assert,
  assertEquals,
  assertStrictEquals,
  assertThrows,
} from "@std/assert";
import {
  jsonForScript,
  SerializeError,
  StateSerializer,
} from "../../lib/fresh/serialize.ts";
import {
  type PageState,
  reviveState,
  SLOT,
} from "../../lib/fresh/client/revive.ts";

function roundTrip(serializer: StateSerializer) {
  const json = jsonForScript(serializer.state);
  return reviveState(JSON.parse(json) as PageState);
}

Deno.test("Serialize - JSON values, Dates and tag-like keys survive", () => {
  const s = new StateSerializer();
  const when = new Date("2026-03-04T05:06:07.008Z");
  s.add("Echo", {
    text: "plain",
    n: 1.5,
    list: [1, "two", null, { deep: true }],
    when,
    missing: undefined,
    inf: Infinity,
    big: 12345678901234567890n,
    tagLike: { "\u0000": "not a tag" },
  });
  const [props] = roundTrip(s);
  assertEquals(props.text, "plain");
  assertEquals(props.list, [1, "two", null, { deep: true }]);
  assert(props.when instanceof Date);
  assertEquals((props.when as Date).toISOString(), when.toISOString());
  assert("missing" in props && props.missing === undefined);
  assertEquals(props.inf, Infinity);
  assertEquals(props.big, 12345678901234567890n);
  assertEquals(props.tagLike, { "\u0000": "not a tag" });
});

Deno.test("Serialize - a signal passed to two islands is revived once and shared", () => {
  const shared = signal(41);
  const other = signal("x");
  const s = new StateSerializer();
  s.add("A", { count: shared });
  s.add("B", { count: shared, other });
  assertEquals(s.state.signals.length, 2);
  const [a, b] = roundTrip(s);
  assertStrictEquals(a.count, b.count);
  const revived = a.count as typeof shared;
  assertEquals(revived.value, 41);
  revived.value++;
  assertEquals((b.count as typeof shared).value, 42);
  assertEquals((b.other as typeof other).value, "x");
});

Deno.test("Serialize - props cannot break out of the script element", () => {
  const nasty = "</script><script>alert(1)</script><!-- --> \u2028\u2029 & <b>";
  const s = new StateSerializer();
  s.add("Echo", { nasty });
  const json = jsonForScript(s.state);
  for (const forbidden of ["<", ">", "\u2028", "\u2029", "&"]) {
    assert(
      !json.includes(forbidden),
      `output contains ${JSON.stringify(forbidden)}`,
    );
  }
  const [props] = reviveState(JSON.parse(json));
  assertEquals(props.nasty, nasty);
});

Deno.test("Serialize - a function prop is a clear error naming island and prop", () => {
  const s = new StateSerializer();
  const error = assertThrows(
    () => s.add("PickButton", { label: "ok", onPick: () => {} }),
    SerializeError,
  );
  assert(error.message.includes("PickButton"), error.message);
  assert(error.message.includes('"onPick"'), error.message);
});

Deno.test("Serialize - circular values and class instances are refused", () => {
  const loop: Record<string, unknown> = {};
  loop.self = loop;
  assertThrows(
    () => new StateSerializer().add("X", { loop }),
    SerializeError,
    "circular",
  );
  assertThrows(
    () => new StateSerializer().add("X", { map: new Map() }),
    SerializeError,
    "Map",
  );
});

Deno.test("Serialize - children become a slot placeholder", () => {
  const s = new StateSerializer();
  s.add("Card", { title: "t", children: "server-rendered" });
  const [props] = roundTrip(s);
  assertStrictEquals(props.children, SLOT);
});
