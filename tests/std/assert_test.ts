import {
  assert,
  assertAlmostEquals,
  assertArrayIncludes,
  assertEquals,
  assertExists,
  assertFalse,
  assertGreater,
  assertGreaterOrEqual,
  assertInstanceOf,
  AssertionError,
  assertIsError,
  assertLess,
  assertLessOrEqual,
  assertMatch,
  assertNotEquals,
  assertNotInstanceOf,
  assertNotMatch,
  assertNotStrictEquals,
  assertObjectMatch,
  assertRejects,
  assertStrictEquals,
  assertStringIncludes,
  assertThrows,
  equal,
  fail,
  unreachable,
} from "@std/assert";

/**
 * Runs a check that must fail and returns its message. Written without the
 * module under test so a broken `assertThrows` cannot hide a bug.
 */
function failure(check: () => unknown): string {
  try {
    check();
  } catch (error) {
    if (error instanceof AssertionError) return error.message;
    throw new Error(`expected an AssertionError, got ${error}`);
  }
  throw new Error("expected the check to fail, it passed");
}

async function asyncFailure(check: () => Promise<unknown>): Promise<string> {
  try {
    await check();
  } catch (error) {
    if (error instanceof AssertionError) return error.message;
    throw new Error(`expected an AssertionError, got ${error}`);
  }
  throw new Error("expected the check to fail, it passed");
}

/** The text without terminal colour codes (the real module adds them). */
function plain(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;]*m/g, "");
}

function includes(text: string, part: string): void {
  if (!plain(text).includes(part)) {
    throw new Error(`${JSON.stringify(text)} lacks ${JSON.stringify(part)}`);
  }
}

Deno.test("Assert - AssertionError", () => {
  const error = new AssertionError("boom", { cause: 1 });
  if (!(error instanceof Error) || error.name !== "AssertionError") {
    throw new Error("AssertionError is not a named Error");
  }
  if (error.message !== "boom" || error.cause !== 1) {
    throw new Error("AssertionError lost its message or cause");
  }
});

Deno.test("Assert - assert and assertFalse", () => {
  assert(true);
  assert(1);
  assert("x");
  // Without a message the real module's message is empty.
  if (failure(() => assert(0)) !== "") throw new Error("assert(0) message");
  includes(failure(() => assert("", "custom text")), "custom text");
  assertFalse(false);
  assertFalse(null);
  assertFalse(0n);
  if (failure(() => assertFalse({})) !== "") {
    throw new Error("assertFalse({}) message");
  }
});

Deno.test("Assert - assert narrows types", () => {
  const value: string | undefined = ["a"].find((x) => x === "a");
  assert(value);
  const upper: string = value.toUpperCase();
  assertEquals(upper, "A");
});

Deno.test("Assert - assertEquals deep equality", () => {
  assertEquals({ a: [1, { b: "c" }] }, { a: [1, { b: "c" }] });
  assertEquals(NaN, NaN);
  assertEquals(0, -0);
  assertEquals(new Date(5), new Date(5));
  assertEquals(/a/g, /a/g);
  assertEquals(new URL("http://x/a"), new URL("http://x/a"));
  assertEquals(new Set([1, { a: 2 }]), new Set([{ a: 2 }, 1]));
  assertEquals(new Map([[{ k: 1 }, "v"]]), new Map([[{ k: 1 }, "v"]]));
  assertEquals(Object.assign(Object.create(null), { a: 1 }), { a: 1 });
  assertEquals(new Uint8Array([1, 2]), new Uint8Array([1, 2]));
  const loop: Record<string, unknown> = { n: 1 };
  loop.self = loop;
  const loop2: Record<string, unknown> = { n: 1 };
  loop2.self = loop2;
  assertEquals(loop, loop2);
  for (
    const [a, b] of [
      [{ a: 1 }, { a: 1, b: undefined }],
      [[1, 2], [1, 2, 3]],
      [new Date(1), new Date(2)],
      [new Set([1]), new Set([2])],
      [new Map([["k", 1]]), new Map([["k", 2]])],
      [new Uint8Array([1]), [1]],
      [new Error("a"), new Error("b")],
      // Errors' own non-enumerable properties count too: two errors made on
      // different lines differ by their stacks.
      [new Error("same"), new Error("same")],
      ["1", 1],
      [null, undefined],
    ] as [unknown, unknown][]
  ) {
    includes(failure(() => assertEquals(a, b)), "Values are not equal");
    if (equal(a, b)) throw new Error(`equal() accepted ${a} / ${b}`);
  }
});

Deno.test("Assert - assertEquals message shows a diff", () => {
  const message = failure(() =>
    assertEquals({ a: 1, list: [1, 2, 3] }, { a: 1, list: [1, 2, 4] }, "why")
  );
  includes(message, "Values are not equal: why");
  includes(message, "[Diff] Actual / Expected");
  includes(message, "-       3,");
  includes(message, "+       4,");
  includes(message, "        2,");
});

Deno.test("Assert - assertNotEquals", () => {
  assertNotEquals({ a: 1 }, { a: 2 });
  includes(failure(() => assertNotEquals([1], [1])), "not to be");
});

Deno.test("Assert - assertStrictEquals and assertNotStrictEquals", () => {
  const object = { a: 1 };
  assertStrictEquals(object, object);
  assertStrictEquals(NaN, NaN);
  includes(
    failure(() => assertStrictEquals({ a: 1 }, { a: 1 })),
    "same structure but are not reference-equal",
  );
  includes(failure(() => assertStrictEquals(1, 2)), "[Diff]");
  assertNotStrictEquals({ a: 1 }, { a: 1 });
  includes(
    failure(() => assertNotStrictEquals(object, object)),
    "to not be strictly equal",
  );
  const value: unknown = "text";
  assertStrictEquals(value, "text");
});

Deno.test("Assert - assertExists", () => {
  assertExists(0);
  assertExists("");
  const maybe: string | null = ["x"].find(() => true) ?? null;
  assertExists(maybe);
  assertEquals(maybe.length, 1);
  includes(failure(() => assertExists(null)), "to not be null or undefined");
  includes(failure(() => assertExists(undefined)), "to not be null");
});

Deno.test("Assert - assertMatch and assertNotMatch", () => {
  assertMatch("abc123", /\d+$/);
  includes(failure(() => assertMatch("abc", /\d/)), 'to match: "/\\d/"');
  assertNotMatch("abc", /\d/);
  includes(failure(() => assertNotMatch("a1", /\d/)), "to not match");
});

Deno.test("Assert - assertStringIncludes", () => {
  assertStringIncludes("hello world", "o w");
  includes(
    failure(() => assertStringIncludes("hello", "bye")),
    'Expected actual: "hello" to contain: "bye"',
  );
});

Deno.test("Assert - assertArrayIncludes", () => {
  assertArrayIncludes([1, { a: 2 }, "x"], [{ a: 2 }, 1]);
  assertArrayIncludes(new Uint8Array([1, 2, 3]), [3]);
  includes(failure(() => assertArrayIncludes([1, 2], [2, 3])), "missing");
});

Deno.test("Assert - assertObjectMatch", () => {
  assertObjectMatch(
    { id: 1, user: { name: "ada", age: 36 }, list: [{ x: 1, y: 2 }] },
    { user: { name: "ada" }, list: [{ x: 1 }] },
  );
  includes(
    failure(() => assertObjectMatch({ a: 1, b: { c: 2 } }, { b: { c: 3 } })),
    "Values are not equal",
  );
  failure(() => assertObjectMatch({ a: 1 }, { missing: undefined }));
});

Deno.test("Assert - assertInstanceOf and assertNotInstanceOf", () => {
  const value: unknown = new RangeError("r");
  assertInstanceOf(value, RangeError);
  assertEquals(value.message, "r");
  includes(
    failure(() => assertInstanceOf(new Error("e"), RangeError)),
    'instance of "RangeError" but was "Error"',
  );
  includes(
    failure(() => assertInstanceOf(null, Error)),
    'but was "null"',
  );
  assertNotInstanceOf(new Error("e"), RangeError);
  failure(() => assertNotInstanceOf(new RangeError("e"), Error));
});

Deno.test("Assert - assertAlmostEquals", () => {
  assertAlmostEquals(0.1 + 0.2, 0.3);
  assertAlmostEquals(100, 100.5, 1);
  assertAlmostEquals(Infinity, Infinity);
  includes(failure(() => assertAlmostEquals(1, 1.1)), "to be close to");
  failure(() => assertAlmostEquals(1, 3, 1));
  failure(() => assertAlmostEquals(NaN, 1));
});

Deno.test("Assert - order assertions", () => {
  assertGreater(2, 1);
  assertGreater("b", "a");
  includes(failure(() => assertGreater(1, 1)), "Expect 1 > 1");
  assertGreaterOrEqual(1, 1);
  failure(() => assertGreaterOrEqual(0, 1));
  assertLess(1, 2);
  failure(() => assertLess(2, 2));
  assertLessOrEqual(2, 2);
  failure(() => assertLessOrEqual(3, 2));
});

Deno.test("Assert - assertThrows", () => {
  const thrown = assertThrows(
    () => {
      throw new TypeError("bad type here");
    },
    TypeError,
    "type here",
  );
  assertEquals(thrown.message, "bad type here");
  const anything = assertThrows(() => {
    throw "a string";
  });
  assertEquals(anything, "a string");
  includes(failure(() => assertThrows(() => 1)), "Expected function to throw");
  includes(
    failure(() =>
      assertThrows(() => {
        throw new Error("x");
      }, TypeError)
    ),
    'instance of "TypeError", but was "Error"',
  );
  includes(
    failure(() =>
      assertThrows(
        () => {
          throw new Error("actual text");
        },
        Error,
        "other text",
      )
    ),
    "to include",
  );
  failure(() =>
    assertThrows(() => {
      throw "not an error";
    }, Error)
  );
  includes(failure(() => assertThrows(() => 1, "note")), "note");
});

Deno.test("Assert - assertRejects", async () => {
  const error = await assertRejects(
    () => Promise.reject(new RangeError("out of range")),
    RangeError,
    "of range",
  );
  assertEquals(error.message, "out of range");
  const reason = await assertRejects(() => Promise.reject(42));
  assertEquals(reason, 42);
  includes(
    await asyncFailure(() => assertRejects(() => Promise.resolve(1))),
    "Expected function to reject",
  );
  includes(
    await asyncFailure(() =>
      assertRejects(() => Promise.reject(new Error("x")), TypeError)
    ),
    'instance of "TypeError"',
  );
  includes(
    await asyncFailure(() =>
      assertRejects((() => 1) as unknown as () => Promise<unknown>)
    ),
    "Function throws when expected to reject.",
  );
  includes(
    await asyncFailure(() =>
      assertRejects(() => {
        throw new Error("sync");
      })
    ),
    "throws when expected to reject",
  );
});

Deno.test("Assert - assertIsError", () => {
  assertIsError(new SyntaxError("bad token"), SyntaxError, /token$/);
  failure(() => assertIsError("text"));
  failure(() => assertIsError(new Error("a"), Error, /^b/));
});

Deno.test("Assert - fail and unreachable", () => {
  includes(failure(() => fail()), "Failed assertion.");
  includes(failure(() => fail("because")), "Failed assertion: because");
  includes(failure(() => unreachable()), "Unreachable");
  includes(failure(() => unreachable("never here")), "never here");
});
