/**
 * What start-up finds in `conversations/`: which message files exist (so
 * absent ones are not even tried), stale temp files of cut-short atomic
 * writes (removed), and files the index does not list (adopted back).
 *
 * @module
 */
import type { IndexEntry } from "./columns.ts";
import type { MessageLog } from "./message_log.ts";
import { idTime, isId } from "./uuid.ts";

/** An index entry for a messages file the index does not list. */
export function adoptedEntry(id: string, log: MessageLog): IndexEntry {
  const first = log.messages.find((m) => m.role === "user");
  const line = first?.content.split("\n").find((l) => l.trim() !== "");
  const title = line
    ? [...line.trim().replace(/\s+/g, " ")].slice(0, 80).join("")
    : "Recovered conversation";
  const createdAt = log.messages[0]?.createdAt ??
    new Date(idTime(id)).toISOString();
  return {
    id,
    title,
    pinned: false,
    createdAt,
    updatedAt: log.lastActivity ?? createdAt,
    model: null,
    temperature: null,
    leafId: null,
    systemPrompt: "",
  };
}

/** Which message files exist, by conversation id. */
export async function listConversationFiles(
  dir: string,
): Promise<Map<string, { main: boolean; partial: boolean }>> {
  const found = new Map<string, { main: boolean; partial: boolean }>();
  for await (const item of Deno.readDir(dir)) {
    if (!item.isFile) continue;
    const match = /^(.{36})(\.partial)?\.csv$/.exec(item.name);
    if (match && isId(match[1])) {
      const files = found.get(match[1]) ?? { main: false, partial: false };
      if (match[2]) files.partial = true;
      else files.main = true;
      found.set(match[1], files);
    } else if (/\.tmp-\d+-\d+$/.test(item.name)) {
      // An atomic write cut short: the file it was replacing is intact.
      await Deno.remove(`${dir}/${item.name}`).catch(() => {});
    }
  }
  return found;
}
