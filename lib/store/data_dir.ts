/**
 * Prepares the data folder on start: creates it (first run), takes the
 * process lock, and checks the `FORMAT` file so that a folder written by a
 * newer, incompatible version is never misread.
 *
 * @module
 */
import { writeAtomic } from "./files.ts";
import { type DataDirLock, lockDataDir } from "./lock.ts";

/** The format this code reads and writes. */
export const FORMAT_VERSION = 1;

const FORMAT_TEXT = `LiveAiChat CSV history, format ${FORMAT_VERSION}\n` +
  "conversations.csv lists the conversations; conversations/<id>.csv holds\n" +
  "the messages of each (a later row with the same id replaces an earlier one).\n";

/** Create (when needed), lock and check the data folder. */
export async function openDataDir(
  path: string,
): Promise<{ dataDir: string; lock: DataDirLock }> {
  await Deno.mkdir(path, { recursive: true });
  const dataDir = await Deno.realPath(path);
  const lock = await lockDataDir(dataDir);
  try {
    await checkFormat(dataDir);
    await Deno.mkdir(`${dataDir}/conversations`, { recursive: true });
    await Deno.mkdir(`${dataDir}/trash`, { recursive: true });
  } catch (error) {
    lock.release();
    throw error;
  }
  return { dataDir, lock };
}

async function checkFormat(dataDir: string): Promise<void> {
  const path = `${dataDir}/FORMAT`;
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
    await writeAtomic(path, new TextEncoder().encode(FORMAT_TEXT));
    return;
  }
  const version = Number(/format (\d+)/.exec(text)?.[1]);
  if (version !== FORMAT_VERSION) {
    throw new Error(
      `The data folder ${dataDir} holds history in format ` +
        `${Number.isFinite(version) ? version : "(unknown)"}, but this ` +
        `version of LiveAiChat reads format ${FORMAT_VERSION}. ` +
        "Use a matching version or another DATA_DIR.",
    );
  }
}
