/**
 * Files of a person's turn as AI SDK prompt parts. Text files go as a
 * text part framing the file's name and content: the OpenAI-compatible
 * provider does not take `text/plain` file parts, so a text part is the
 * one form every provider reads. Images go as file parts with their bytes
 * (OpenAI: an `image_url` data URL; Anthropic: an `image` block) to models
 * that accept images; for the others a short note says one was left out.
 * Every part carries its attachment record under `providerOptions`
 * (`liveaichat`), which providers ignore and the demo model reads to say
 * what it received.
 *
 * @module
 */
import type {
  LanguageModelV4FilePart,
  LanguageModelV4TextPart,
} from "@ai-sdk/provider";
import { type Attachment, formatBytes } from "../api/attachments.ts";

/** A file of a turn, with what the model is sent of it. */
export interface TurnFile {
  attachment: Attachment;
  /** The content of a text file. */
  text?: string;
  /** The bytes of an image for a model that accepts images. */
  data?: Uint8Array;
  /** Why the file is not sent (a sentence for the model), when it is not. */
  omitted?: string;
}

/** The `providerOptions` key the app's own parts carry. */
export const FILE_OPTIONS_KEY = "liveaichat";

/** The prompt parts of a turn's files, in order. */
export function fileParts(
  files: readonly TurnFile[],
): (LanguageModelV4TextPart | LanguageModelV4FilePart)[] {
  return files.map((file) => {
    const { attachment } = file;
    const providerOptions = {
      [FILE_OPTIONS_KEY]: {
        attachment: { ...attachment },
        ...(file.omitted ? { omitted: true } : {}),
      },
    };
    if (file.data && attachment.kind === "image") {
      return {
        type: "file",
        filename: attachment.name,
        mediaType: attachment.mediaType,
        data: { type: "data", data: file.data },
        providerOptions,
      };
    }
    const text = file.text !== undefined && !file.omitted
      ? `<file name="${attachment.name}">\n${file.text}\n</file>`
      : `[${describe(attachment)} was attached but is not included: ${
        file.omitted ?? "it could not be read"
      }]`;
    return { type: "text", text, providerOptions };
  });
}

/** "cat.png (34 KB image, 640×480)". */
export function describe(attachment: Attachment): string {
  const size = formatBytes(attachment.size);
  return attachment.kind === "image"
    ? `${attachment.name} (${size} image, ${attachment.width}×${attachment.height})`
    : `${attachment.name} (${size} text)`;
}

/**
 * The attachment record a part carries, when it is one of a file's, and
 * whether the file was left out (only a note was sent).
 */
export function partAttachment(
  part: { providerOptions?: Record<string, unknown> },
): { attachment: Attachment; omitted: boolean } | undefined {
  const options = part.providerOptions?.[FILE_OPTIONS_KEY] as
    | { attachment?: Attachment; omitted?: boolean }
    | undefined;
  return options?.attachment
    ? { attachment: options.attachment, omitted: options.omitted === true }
    : undefined;
}
