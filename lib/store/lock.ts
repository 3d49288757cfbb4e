/**
 * One process per data folder: two servers appending to the same CSV files
 * would interleave rows and overwrite each other's index. The lock is an
 * OS file lock on `DATA_DIR/LOCK`, so it vanishes with a crashed process
 * and never needs cleaning up by hand.
 *
 * @module
 */
import { ConflictError } from "../errors.ts";

/** Another process holds the data folder. */
export class DataDirLockedError extends ConflictError {
  /** Create the error with the holder's description, when it left one. */
  constructor(dataDir: string, holder: string) {
    super(
      `The data folder ${dataDir} is in use by another LiveAiChat process` +
        (holder ? ` (${holder})` : "") +
        ". Stop that process first, or set DATA_DIR to a different folder.",
    );
    this.name = "DataDirLockedError";
  }
}

/** A held lock; `release()` lets another process open the folder. */
export interface DataDirLock {
  release(): void;
}

/** Take the lock of `dataDir` or throw `DataDirLockedError` at once. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  const path = `${dataDir}/LOCK`;
  const file = await Deno.open(path, {
    read: true,
    write: true,
    create: true,
  });
  let locked = false;
  try {
    locked = await file.tryLock(true);
  } catch (error) {
    file.close();
    throw error;
  }
  if (!locked) {
    file.close();
    const holder = (await Deno.readTextFile(path).catch(() => "")).trim();
    throw new DataDirLockedError(dataDir, holder);
  }
  const note = new TextEncoder().encode(
    `pid ${Deno.pid}, started ${new Date().toISOString()}\n`,
  );
  await file.truncate(0);
  await file.write(note);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      try {
        file.truncateSync(0);
        file.unlockSync();
      } finally {
        file.close();
      }
    },
  };
}
