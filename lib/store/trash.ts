/**
 * Deleted conversations go to `trash/` rather than away: the messages file
 * moves there unchanged, beside a one-row CSV of its index entry, so a
 * person (or `restoreConversation`) can bring it back.
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

const SUFFIXES = [".csv", ".partial.csv"];

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
  async put(entry: IndexEntry, fromDir: string): Promise<void> {
    await writeAtomic(
      this.#meta(entry.id),
      encodeRowBytes([conversationToRow(entry)], {
        header: CONVERSATION_COLUMNS,
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
    const bytes = await readIfExists(this.#meta(id));
    if (bytes === null) return null;
    const table = readTable(bytes, {
      columns: CONVERSATION_COLUMNS,
      required: ["id"],
      atStartup: false,
    });
    if (!table.columns || table.rows.length === 0) return null;
    const read = conversationFromRow(table.rows[0].fields, table.columns);
    return typeof read === "string" || read.entry.id !== id ? null : read.entry;
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
    for await (const item of Deno.readDir(this.#dir)) {
      const id = item.name.replace(/\.conversation\.csv$/, "");
      if (id === item.name || !isId(id) || !index.entries.has(id)) continue;
      await this.takeBack(id, conversationsDir);
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
