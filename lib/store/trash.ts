/**
 * Deleted conversations go to `trash/` rather than away: the messages file
 * moves there unchanged, beside a one-row CSV of its index entry and the
 * time it was deleted, so a person (or `restoreConversation`) can bring it
 * back until it is purged (`TRASH_DAYS` after, or by "Delete forever").
 *
 * @module
 */
import {
  CONVERSATION_COLUMNS,
  conversationFromRow,
  conversationToRow,
  encodeRowBytes,
  type IndexEntry,
} from "./columns.ts";
import type { ConversationIndex } from "./conversation_index.ts";
import { readTable } from "./csv_read.ts";
import {
  moveDurable,
  readIfExists,
  removeIfExists,
  syncDir,
  writeAtomic,
} from "./files.ts";
import { isId } from "./uuid.ts";
import { FILES_SUFFIX } from "./attachment_files.ts";

/** A conversation's files and folders, all moved together. */
const SUFFIXES = [".csv", ".partial.csv", FILES_SUFFIX];
/** The trash row's columns: the index entry, then when it was deleted. */
const TRASH_COLUMNS = [...CONVERSATION_COLUMNS, "deleted_at"] as const;
const META = /\.conversation\.csv$/;

/** A trashed conversation's index entry and when it was deleted. */
export interface TrashEntry {
  entry: IndexEntry;
  deletedAt: string;
}

/** The trash folder of a data folder. */
export class Trash {
  #dir: string;

  /** Trash of `dataDir` (the folder exists after `openDataDir`). */
  constructor(dataDir: string) {
    this.#dir = `${dataDir}/trash`;
  }

  #meta(id: string): string {
    return `${this.#dir}/${id}.conversation.csv`;
  }

  /** Move a conversation's files from `fromDir` into the trash. */
  async put(
    entry: IndexEntry,
    options: { fromDir: string; deletedAt: string },
  ): Promise<void> {
    const fromDir = options.fromDir;
    await writeAtomic(
      this.#meta(entry.id),
      encodeRowBytes([[...conversationToRow(entry), options.deletedAt]], {
        header: TRASH_COLUMNS,
      }),
    );
    for (const suffix of SUFFIXES) {
      await moveIfExists(
        `${fromDir}/${entry.id}${suffix}`,
        `${this.#dir}/${entry.id}${suffix}`,
      );
    }
  }

  /** The index entry of a trashed conversation, or null. */
  async read(id: string): Promise<IndexEntry | null> {
    return (await this.readWithTime(id))?.entry ?? null;
  }

  /**
   * A trashed conversation's entry and deletion time, or null. A row
   * written before times were kept counts from the file's change time.
   */
  async readWithTime(id: string): Promise<TrashEntry | null> {
    const bytes = await readIfExists(this.#meta(id));
    if (bytes === null) return null;
    const table = readTable(bytes, {
      columns: TRASH_COLUMNS,
      required: ["id"],
      atStartup: false,
    });
    if (!table.columns || table.rows.length === 0) return null;
    const fields = table.rows[0].fields;
    const read = conversationFromRow(fields, table.columns);
    if (typeof read === "string" || read.entry.id !== id) return null;
    const at = table.columns.positions.get("deleted_at") ?? -1;
    const time = Date.parse(at < 0 ? "" : fields[at] ?? "");
    const deletedAt = Number.isFinite(time)
      ? new Date(time).toISOString()
      : ((await Deno.stat(this.#meta(id))).mtime ?? new Date())
        .toISOString();
    return { entry: read.entry, deletedAt };
  }

  /** Ids of every conversation in the trash. */
  async ids(): Promise<string[]> {
    const ids: string[] = [];
    for await (const item of Deno.readDir(this.#dir)) {
      const id = item.name.replace(META, "");
      if (id !== item.name && isId(id)) ids.push(id);
    }
    return ids;
  }

  /** Remove a trashed conversation's files for good. */
  async remove(id: string): Promise<void> {
    for (const suffix of SUFFIXES) {
      await removeIfExists(`${this.#dir}/${id}${suffix}`, { recursive: true });
    }
    await removeIfExists(this.#meta(id));
    await syncDir(this.#dir);
  }

  /** Move a conversation's files back to `toDir` and forget its entry. */
  async takeBack(id: string, toDir: string): Promise<void> {
    for (const suffix of SUFFIXES) {
      await moveIfExists(
        `${this.#dir}/${id}${suffix}`,
        `${toDir}/${id}${suffix}`,
      );
    }
    await removeIfExists(this.#meta(id));
    await syncDir(this.#dir);
  }

  /**
   * After a crash in the middle of a delete or a restore, a conversation can
   * be both in the index and in the trash: bring its files back, so nothing
   * vanishes that was not surely meant to.
   */
  async finishInterrupted(
    index: ConversationIndex,
    conversationsDir: string,
  ): Promise<void> {
    for (const id of await this.ids()) {
      if (index.entries.has(id)) await this.takeBack(id, conversationsDir);
    }
  }
}

async function moveIfExists(from: string, to: string): Promise<void> {
  try {
    await moveDurable(from, to);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
}
