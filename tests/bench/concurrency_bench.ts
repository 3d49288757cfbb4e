/**
 * A burst of simultaneous sends against the real server (`main.ts`, its own
 * process, demo model paced at 20 ms) and, in the same run, against a bare
 * `Deno.serve` sending the same paced lines (the floor this machine
 * allows), alternated: 300 and 1,000 streams of 100 deltas. Each figure is
 * printed beside the bare one: first delta after the send (aim p50 ≤ 1.5×
 * bare at 300, ≤ 2× at 1,000), inter-token gap (aim: added p99 ≤ 25 ms),
 * server CPU, peak and idle RSS. Every stream is checked whole (no lost or
 * repeated delta) and the store must hold every reply.
 *
 *     deno task bench concurrency [--sizes=300,1000] [--rounds=1] [--tokens=100] [--delay=20]
 *
 * @module
 */
import { fileURLToPath } from "node:url";

const arg = (name: string, fallback: string) =>
  Deno.args.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ??
    fallback;
const sizes = arg("sizes", "300,1000").split(",").map(Number);
const rounds = Number(arg("rounds", "1"));
const tokens = arg("tokens", "100");
const delay = arg("delay", "20");
const runner = fileURLToPath(new URL("./_concurrency_run.ts", import.meta.url));

type Result = Record<string, number>;

async function once(bare: boolean, streams: number): Promise<Result> {
  const { stdout, code } = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      runner,
      `--streams=${streams}`,
      `--tokens=${tokens}`,
      `--delay=${delay}`,
      "--json",
      ...(bare ? ["--bare"] : []),
    ],
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const line = new TextDecoder().decode(stdout).split("\n")
    .find((l) => l.startsWith("RESULT "));
  if (code !== 0 || !line) {
    throw new Error(`the ${bare ? "bare" : "app"} run failed`);
  }
  return JSON.parse(line.slice("RESULT ".length));
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

for (const streams of sizes) {
  const app: Result[] = [];
  const bare: Result[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      app.push(await once(false, streams));
      bare.push(await once(true, streams));
    } else {
      bare.push(await once(true, streams));
      app.push(await once(false, streams));
    }
  }
  const row = (key: string, unit: string, digits = 0) => {
    const a = median(app.map((r) => r[key]));
    const b = median(bare.map((r) => r[key]));
    return {
      app: `${a.toFixed(digits)} ${unit}`,
      bare: `${b.toFixed(digits)} ${unit}`,
      ratio: b > 0 ? `${(a / b).toFixed(2)}×` : "",
    };
  };
  console.log(
    `\n${streams} simultaneous sends × ${tokens} deltas, paced at ${delay} ms; ` +
      `medians of ${rounds} alternated round(s)`,
  );
  console.table({
    "streams intact (app must be all)": {
      app: `${median(app.map((r) => r.intact))} / ${streams}`,
      bare: `${median(bare.map((r) => r.intact))} / ${streams}`,
      ratio: "",
    },
    "replies stored complete": {
      app: `${median(app.map((r) => r.stored))} / ${streams}`,
      bare: "—",
      ratio: "",
    },
    "lost / duplicated deltas": {
      app: `${median(app.map((r) => r.lost))} / ${
        median(app.map((r) => r.duplicates))
      }`,
      bare: `${median(bare.map((r) => r.lost))} / ${
        median(bare.map((r) => r.duplicates))
      }`,
      ratio: "",
    },
    "first delta after send, p50": row("firstP50", "ms"),
    "first delta after send, p99": row("firstP99", "ms"),
    "inter-token gap, p50": row("gapP50", "ms", 1),
    "inter-token gap, p99": row("gapP99", "ms", 1),
    "wall time": row("wallS", "s", 1),
    "server CPU during the streams": row("cpuS", "s", 1),
    "server peak RSS": row("peakMb", "MB"),
    "server idle RSS at start": row("idleStartMb", "MB"),
    "server idle RSS after load": row("idleAfterMb", "MB"),
  });
}
