/**
 * `deno task data export DIR` and `deno task data import DIR`: move a whole
 * history between the configured store (`STORE`, `KV_PATH`, `DATA_DIR`)
 * and a CSV data folder in the normal layout, with a progress line and a
 * summary.
 *
 * @module
 */
import { readConfig } from "../../config.ts";
import { openCsvStore } from "../csv_store.ts";
import { openStore } from "../open.ts";
import type { ChatStore } from "../types.ts";
import { copyHistory, type CopyProgress } from "./copy_history.ts";

const USAGE = `Usage:
  deno task data export DIR   copy the configured store's history into a CSV data folder
  deno task data import DIR   copy a CSV data folder's history into the configured store

The configured store is what the server uses: STORE (csv | kv), KV_PATH, DATA_DIR.`;

/** Resolve the path of `dir` so it can be compared to DATA_DIR. */
async function realOrSelf(dir: string): Promise<string> {
  try {
    return await Deno.realPath(dir);
  } catch {
    return dir;
  }
}

async function isEmptyOrMissing(dir: string): Promise<boolean> {
  try {
    for await (const _ of Deno.readDir(dir)) return false;
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return true;
    throw error;
  }
}

function line(verb: string, p: CopyProgress): string {
  return `${verb} ${p.done} conversations (${p.messages} messages)` +
    (p.skipped ? `, ${p.skipped} already there` : "");
}

/** Run the command; returns the process exit code. */
export async function main(args: string[]): Promise<number> {
  const [command, dir, ...rest] = args;
  if ((command !== "export" && command !== "import") || !dir || rest.length) {
    console.error(USAGE);
    return 2;
  }
  const config = readConfig(Deno.env);
  if (
    config.store === "csv" &&
    await realOrSelf(dir) === await realOrSelf(config.dataDir)
  ) {
    console.error(
      `${dir} is the configured DATA_DIR itself; pick another folder.`,
    );
    return 2;
  }
  if (command === "export" && !(await isEmptyOrMissing(dir))) {
    console.error(`${dir} is not empty: export into a new or empty folder.`);
    return 2;
  }
  if (command === "import" && await isEmptyOrMissing(dir)) {
    console.error(`${dir} holds no history to import.`);
    return 2;
  }
  const configured = await openStore(config);
  let folder: ChatStore | undefined;
  try {
    folder = await openCsvStore({ dataDir: dir });
    const [from, to] = command === "export"
      ? [configured, folder]
      : [folder, configured];
    const verb = command === "export" ? "Exported" : "Imported";
    const where = config.store === "kv"
      ? `Deno KV${config.kvPath ? ` (${config.kvPath})` : ""}`
      : `CSV (${config.dataDir})`;
    const interactive = Deno.stderr.isTerminal();
    const summary = await copyHistory(from, to, {
      onProgress(p) {
        if (interactive) {
          Deno.stderr.writeSync(
            new TextEncoder().encode(`\r${line(verb, p)}`),
          );
        } else if (p.done % 100 === 0) console.error(line(verb, p));
      },
    });
    if (interactive) console.error("");
    console.log(
      `${verb} ${summary.copied} conversations with ${summary.messages} ` +
        `messages ${command === "export" ? "from" : "into"} ${where} ` +
        `${command === "export" ? "to" : "from"} ${dir} in ` +
        `${(summary.ms / 1000).toFixed(1)} s` +
        (summary.skipped
          ? `; ${summary.skipped} were already there and were left as they are`
          : "") +
        ".",
    );
    return 0;
  } finally {
    await folder?.close();
    await configured.close();
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (error) {
    console.error(`data ${Deno.args[0] ?? ""}: ${(error as Error).message}`);
    Deno.exit(1);
  }
}
