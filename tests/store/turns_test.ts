import { assert, assertEquals } from "@std/assert";
import { inTurns } from "../../lib/store/turns.ts";

/** A clock that only moves when told to. */
function steppedClock() {
  let now = 0;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

Deno.test("Turns - steps run in order, a budget's worth between yields", async () => {
  const time = steppedClock();
  const seen: number[] = [];
  const turns: number[] = [];
  let steps = 0;
  // A timer set before the work fires at each yield: it counts the steps
  // each turn ran.
  const timers = setInterval(() => {
    turns.push(steps);
    steps = 0;
  }, 0);
  await inTurns([...Array(20).keys()], (i) => {
    seen.push(i);
    steps++;
    time.advance(1);
  }, { budgetMs: 4, clock: time.clock });
  clearInterval(timers);
  assertEquals(seen, [...Array(20).keys()]);
  assert(turns.length >= 4, `${turns.length} turns`);
  assert(turns.every((n) => n <= 4), `steps per turn: ${turns}`);
});

Deno.test("Turns - a request to a server in this process is answered between turns", async () => {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen() {} },
    () => new Response("ok"),
  );
  try {
    const time = steppedClock();
    let answered = false;
    let turns = 0;
    const asked = fetch(`http://127.0.0.1:${server.addr.port}/`)
      .then((response) => response.text())
      .then(() => (answered = true));
    // Work with no end of its own, each step a turn's whole budget.
    const endless = function* () {
      while (turns < 1000) yield;
    };
    await inTurns(endless(), () => {
      turns++;
      time.advance(5);
    }, { budgetMs: 4, clock: time.clock, stopped: () => answered });
    await asked;
    assert(answered);
    assert(turns < 100, `the request waited ${turns} turns`);
  } finally {
    await server.shutdown();
  }
});

Deno.test("Turns - stops before the next step once told to", async () => {
  const seen: number[] = [];
  await inTurns([1, 2, 3, 4], (i) => seen.push(i), {
    stopped: () => seen.length === 2,
  });
  assertEquals(seen, [1, 2]);
});
