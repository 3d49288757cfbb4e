/**
 * Durable file operations: the few ways the store ever changes a file, each
 * one either fully on disk when its promise resolves or (after a crash)
 * recoverable to the state before it.
 *
 * @module
 */

/** What the store remembers of a file to notice edits made by hand. */
export interface FileStamp {
  size: number;
  /** Modification time in ms, or null when the file system has none. */
  mtime: number | null;
}

/** Stamp of a file, or null when it does not exist. */
export async function stampOf(path: string): Promise<FileStamp | null> {
  try {
    return stampFrom(await Deno.stat(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * Stamp of a file, read synchronously: the start-up check's 10,000 stats
 * cost about 60 µs of CPU each as async calls and 10 µs as sync ones.
 * Right after listing their folder their inodes are usually cached; one
 * that is not blocks the event loop for one disk read, so callers take a
 * few ms of them a turn (`inTurns`).
 */
export function stampNow(path: string | null): FileStamp | null {
  if (path === null) return null;
  try {
    return stampFrom(Deno.statSync(path));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/**
 * Stamp of a file we hold open, read synchronously: an open file's inode
 * is in memory, so this never waits for the disk, and the async call costs
 * about 0.1 ms more CPU (a stamp after every durable write of every running
 * reply).
 */
export function stampOfOpen(file: Deno.FsFile): FileStamp {
  return stampFrom(file.statSync());
}

function stampFrom(info: Deno.FileInfo): FileStamp {
  return { size: info.size, mtime: info.mtime?.getTime() ?? null };
}

/** Whether two stamps describe the same file contents (as far as we can tell). */
export function sameStamp(a: FileStamp | null, b: FileStamp | null): boolean {
  if (a === null || b === null) return a === b;
  return a.size === b.size && a.mtime === b.mtime;
}

/** Open a file for reading, or null when it does not exist. */
export async function openIfExists(path: string): Promise<Deno.FsFile | null> {
  try {
    return await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

/** Read a whole file, or null when it does not exist. */
export async function readIfExists(path: string): Promise<Uint8Array | null> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return null;
    throw error;
  }
}

async function writeAll(file: Deno.FsFile, bytes: Uint8Array): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    done += await file.write(bytes.subarray(done));
  }
}

/** Sync a directory so that a rename or a new file in it survives a crash. */
export async function syncDir(dir: string): Promise<void> {
  const handle = await Deno.open(dir, { read: true });
  try {
    await handle.sync();
  } finally {
    handle.close();
  }
}

/**
 * Append bytes to a file in one `write` and `syncData()` before resolving,
 * so a completed row is on disk and a crash can only tear the last row.
 * Returns the file's stamp after the write; with `sizeBefore`, for a file
 * whose time nobody compares (no hand edits are looked for), the size only
 * and no stat (a checkpoint of every running reply costs one op less).
 */
export async function appendDurable(
  path: string,
  bytes: Uint8Array,
  sizeBefore?: number,
): Promise<FileStamp> {
  const file = await Deno.open(path, { append: true });
  try {
    await writeAll(file, bytes);
    await file.syncData();
    if (sizeBefore !== undefined) {
      return { size: sizeBefore + bytes.length, mtime: null };
    }
    return stampOfOpen(file);
  } finally {
    file.close();
  }
}

let tempCounter = 0;

/** Options of {@linkcode writeAtomic}. */
export interface WriteAtomicOptions {
  /**
   * Sync the directory after the rename (default true). Without it the
   * file is still whole or absent after a crash, but may be the old one:
   * for a file whose loss costs nothing, when the caller syncs the folder
   * before anything that matters depends on it.
   */
  syncDir?: boolean;
  /**
   * Sync the file's bytes before the rename (default true). Without it a
   * crash may leave the file empty or torn: only for a file whose loss
   * costs nothing and which is synced before it holds anything that does.
   */
  sync?: boolean;
  /**
   * Stat the file for its stamp (default true). Without it the stamp has
   * the size only: for a file whose time nobody compares.
   */
  stat?: boolean;
}

/**
 * Replace a file atomically: write a temp file beside it, sync it, rename it
 * over the target, sync the directory. Readers see the old or the new file,
 * never a mix. Returns the new file's stamp.
 */
export async function writeAtomic(
  path: string,
  bytes: Uint8Array,
  options: WriteAtomicOptions = {},
): Promise<FileStamp> {
  const dir = dirOf(path);
  const temp = `${path}.tmp-${Deno.pid}-${++tempCounter}`;
  if (options.sync === false && options.stat === false) {
    // Nothing to do on the open file: one call writes it (a reply's
    // placeholder, written for every reply).
    try {
      await Deno.writeFile(temp, bytes);
    } catch (error) {
      await Deno.remove(temp).catch(() => {});
      throw error;
    }
    await Deno.rename(temp, path);
    if (options.syncDir ?? true) await syncDir(dir);
    return { size: bytes.length, mtime: null };
  }
  const file = await Deno.open(temp, {
    write: true,
    create: true,
    truncate: true,
  });
  let stamp: FileStamp;
  try {
    await writeAll(file, bytes);
    if (options.sync ?? true) await file.sync();
    if (options.stat ?? true) {
      stamp = stampOfOpen(file);
    } else stamp = { size: bytes.length, mtime: null };
  } catch (error) {
    file.close();
    await Deno.remove(temp).catch(() => {});
    throw error;
  }
  file.close();
  await Deno.rename(temp, path);
  if (options.syncDir ?? true) await syncDir(dir);
  return stamp;
}

/**
 * Cut a file back to `keep` bytes, first saving the bytes cut off in
 * `asidePath` (synced), so nothing a crash left behind is thrown away.
 */
export async function cutTail(
  path: string,
  options: { keep: number; tail: Uint8Array; asidePath: string },
): Promise<FileStamp> {
  const aside = await Deno.open(options.asidePath, {
    write: true,
    createNew: true,
  });
  try {
    await writeAll(aside, options.tail);
    await aside.sync();
  } finally {
    aside.close();
  }
  const file = await Deno.open(path, { write: true });
  try {
    await file.truncate(options.keep);
    await file.sync();
    const stamp = stampOfOpen(file);
    await syncDir(dirOf(path));
    return stamp;
  } finally {
    file.close();
  }
}

/** Rename durably (both directories synced). */
export async function moveDurable(from: string, to: string): Promise<void> {
  await Deno.rename(from, to);
  await syncDir(dirOf(to));
  if (dirOf(from) !== dirOf(to)) await syncDir(dirOf(from));
}

/**
 * Remove a file (or, `recursive`, a folder and all in it) if it exists;
 * true when something was removed.
 */
export async function removeIfExists(
  path: string,
  options: { recursive?: boolean } = {},
): Promise<boolean> {
  try {
    await Deno.remove(path, options);
    return true;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

/** Folder part of a path (the store only builds paths with "/"). */
export function dirOf(path: string): string {
  const at = path.lastIndexOf("/");
  return at <= 0 ? (at === 0 ? "/" : ".") : path.slice(0, at);
}

/** A compact UTC timestamp usable in file names: `20250102T030405.678Z`. */
export function fileTimestamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, "");
}
