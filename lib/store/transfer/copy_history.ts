/**
 * Copy every conversation of one store into another, ids, times and
 * messages unchanged: how a history leaves Deno Deploy (KV → a CSV folder)
 * or arrives there (a CSV folder → KV). Conversations already in the
 * target are left alone and counted, so an interrupted copy can be run
 * again.
 *
 * @module
 */
import { ConflictError } from "../../errors.ts";
import { messageFiles } from "../message_files.ts";
import type { ChatStore } from "../types.ts";

/** How far a copy got, for a progress line. */
export interface CopyProgress {
  /** Conversations looked at so far. */
  done: number;
  copied: number;
  skipped: number;
  messages: number;
}

/** What a copy did. */
export interface CopySummary extends CopyProgress {
  /** Wall time in milliseconds. */
  ms: number;
}

/** Options of {@linkcode copyHistory}. */
export interface CopyOptions {
  /** Called after each conversation. */
  onProgress?: (progress: CopyProgress) => void;
  /** Conversations listed per page of the source. */
  pageSize?: number;
}

/** Copy every conversation of `from` into `to`. */
export async function copyHistory(
  from: ChatStore,
  to: ChatStore,
  options: CopyOptions = {},
): Promise<CopySummary> {
  const started = performance.now();
  const progress: CopyProgress = {
    done: 0,
    copied: 0,
    skipped: 0,
    messages: 0,
  };
  let cursor: string | undefined;
  do {
    const page = await from.listConversations({
      cursor,
      limit: options.pageSize ?? 200,
    });
    for (const listed of page.conversations) {
      const { conversation, messages } = await from.readConversation(
        listed.id,
      );
      try {
        await to.putConversation(conversation, messages);
        // Files go after their conversation (never-sent uploads stay).
        for (const file of await messageFiles(from, listed.id, messages)) {
          await to.putAttachment(listed.id, file.attachment, file.bytes);
        }
        progress.copied++;
        progress.messages += messages.length;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        progress.skipped++;
      }
      progress.done++;
      options.onProgress?.({ ...progress });
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { ...progress, ms: performance.now() - started };
}
