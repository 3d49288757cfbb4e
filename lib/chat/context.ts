/**
 * What the model is shown: the conversation's system prompt and as much of
 * the history as fits a budget, dropping the oldest turns first, so a long
 * conversation keeps working instead of failing at the provider's limit.
 * Files attached to a message come with it: text files count against the
 * budget by their size, images by a flat share.
 *
 * @module
 */
import type { ChatTurn, TurnFile } from "../ai/mod.ts";
import type { Attachment } from "../api/attachments.ts";
import { NotFoundError } from "../errors.ts";
import type { Message } from "../store/mod.ts";

/** Default history budget in characters (roughly 15k tokens). */
export const DEFAULT_CONTEXT_CHARS = 60_000;

/** What an image counts against the budget, in characters (~1k tokens). */
const IMAGE_CHARS = 4_000;

/** Options of {@linkcode buildContext}. */
export interface ContextOptions {
  /** Characters of system prompt plus history to send at most. */
  budgetChars?: number;
  /** The system prompt; counts against the budget. */
  system?: string;
}

/**
 * Turn stored messages (oldest first, ending with the user message being
 * answered) into model turns. User and assistant messages with text (or
 * files) are kept; failed empty replies are skipped. The newest message
 * is always sent, even over budget; the result starts with a user turn.
 * Files are named in `files` without their contents: see
 * {@linkcode loadTurnFiles}.
 */
export function buildContext(
  messages: readonly Message[],
  options: ContextOptions = {},
): ChatTurn[] {
  const budget = (options.budgetChars ?? DEFAULT_CONTEXT_CHARS) -
    (options.system?.length ?? 0);
  const turns: ChatTurn[] = [];
  let used = 0;
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    const files = message.role === "user" ? message.attachments ?? [] : [];
    if (
      message.role === "system" ||
      (message.content.trim() === "" && files.length === 0)
    ) continue;
    const size = message.content.length + filesChars(files);
    if (turns.length > 0 && used + size > budget) break;
    turns.push({
      role: message.role,
      content: message.content,
      ...(files.length > 0
        ? { files: files.map((attachment) => ({ attachment })) }
        : {}),
    });
    used += size;
  }
  turns.reverse();
  while (turns.length > 1 && turns[0].role !== "user") turns.shift();
  return turns;
}

function filesChars(files: readonly Attachment[]): number {
  return files.reduce(
    (sum, file) => sum + (file.kind === "image" ? IMAGE_CHARS : file.size),
    0,
  );
}

/** Options of {@linkcode loadTurnFiles}. */
export interface LoadFilesOptions {
  /** The bytes of a file of the conversation (`NotFoundError` when gone). */
  read: (attachmentId: string) => Promise<Uint8Array>;
  /** Whether the model is sent images. */
  images: boolean;
}

/**
 * Fill in the files of the turns `buildContext` chose: a text file's
 * content, an image's bytes for a model that takes images, or a note of
 * why a file is left out (the model does not take images, the file is
 * gone).
 */
export async function loadTurnFiles(
  turns: readonly ChatTurn[],
  options: LoadFilesOptions,
): Promise<ChatTurn[]> {
  const decoder = new TextDecoder();
  const load = async (file: TurnFile): Promise<TurnFile> => {
    const { attachment } = file;
    if (attachment.kind === "image" && !options.images) {
      return { attachment, omitted: "this model does not accept images" };
    }
    let bytes: Uint8Array;
    try {
      bytes = await options.read(attachment.id);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      return { attachment, omitted: "the file is no longer stored" };
    }
    return attachment.kind === "image"
      ? { attachment, data: bytes }
      : { attachment, text: decoder.decode(bytes) };
  };
  return await Promise.all(
    turns.map(async (turn) =>
      turn.files
        ? { ...turn, files: await Promise.all(turn.files.map(load)) }
        : turn
    ),
  );
}
