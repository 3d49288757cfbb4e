/**
 * `main.ts` in its own process, as `deno task start` runs it: for tests
 * that must survive the server hanging (a timeout in the test still fires)
 * or that send it signals.
 *
 * @module
 */
import { assert } from "@std/assert";

/** A running `main.ts` child process. */
export interface MainProcess {
  child: Deno.ChildProcess;
  base: string;
  /** Settles when the child's output has been read to its end. */
  drained: Promise<void>;
}

/**
 * Start `main.ts` on port 0 with `dataDir`; `env` adds or overrides
 * variables; `options.cwd` runs another copy of the app (default: this
 * one).
 */
export async function startMain(
  dataDir: string,
  env: Record<string, string> = {},
  options: { cwd?: string } = {},
): Promise<MainProcess> {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--unstable-kv", "main.ts"],
    cwd: options.cwd ?? new URL("../../", import.meta.url).pathname,
    env: {
      PORT: "0",
      DATA_DIR: dataDir,
      DEMO_TOKEN_DELAY_MS: "10",
      DEFAULT_MODEL: "demo",
      OPENAI_API_KEY: "",
      OPENAI_BASE_URL: "",
      ANTHROPIC_API_KEY: "",
      AUTH_PASSWORD: "",
      ...env,
    },
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  // Read what it prints until it says where it listens; keep draining.
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let printed = "";
  let base = "";
  while (!base) {
    const { value, done } = await reader.read();
    if (done) break;
    printed += value;
    base = printed.match(/ready on (http:\/\/[^/\s]+)/)?.[1] ?? "";
  }
  const drained = (async () => {
    while (!(await reader.read()).done) { /* keep the pipe flowing */ }
  })();
  assert(base, "the server said where it listens");
  return { child, base, drained };
}
