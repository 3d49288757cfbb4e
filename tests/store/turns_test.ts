import { assertEquals } from "@std/assert";
import { setImmediate } from "node:timers";
import { inTurns } from "../../lib/store/turns.ts";

/** A clock that each step moves on by `stepMs`. */
function steppedClock() {
  let now = 0;
  return { clock: () => now, advance: (ms: number) => (now += ms) };
}

/** Steps taken between the turns other work got, while `work` runs. */
async function stepsBetweenTurns(
  work: (onStep: () => void) => Promise<void>,
): Promise<number[]> {
  const runs: number[] = [];
  let steps = 0;
  let running = true;
  const other = () => {
    runs.push(steps);
    steps = 0;
    if (running) setImmediate(other);
  };
  setImmediate(other);
  await work(() => steps++);
  running = false;
  runs.push(steps);
  return runs.filter((n) => n > 0);
}

Deno.test("Turns - other work runs between turns of at most the budget", async () => {
  const time = steppedClock();
  const seen: number[] = [];
  const runs = await stepsBetweenTurns((onStep) =>
    inTurns([...Array(20).keys()], (i) => {
      seen.push(i);
      onStep();
      time.advance(1);
    }, { budgetMs: 4, clock: time.clock })
  );
  assertEquals(seen, [...Array(20).keys()]);
  assertEquals(runs, [4, 4, 4, 4, 4]);
});

Deno.test("Turns - a step slower than the budget is followed by a turn", async () => {
  const time = steppedClock();
  const runs = await stepsBetweenTurns((onStep) =>
    inTurns(["a", "b", "c"], () => {
      onStep();
      time.advance(30); // a stat that had to wait for the disk
    }, { budgetMs: 2, clock: time.clock })
  );
  assertEquals(runs, [1, 1, 1]);
});

Deno.test("Turns - stops before the next step once told to", async () => {
  const seen: number[] = [];
  await inTurns([1, 2, 3, 4], (i) => seen.push(i), {
    stopped: () => seen.length === 2,
  });
  assertEquals(seen, [1, 2]);
});
