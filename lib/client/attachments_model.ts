/**
 * The files waiting in the composer to go with the next message: added
 * (checked against the limits first, with a sentence when refused),
 * removed, uploaded (at once when the conversation exists, else when the
 * message is sent), put back after a reload from their kept records
 * (`restore`, draft_files.ts) and taken by the send that used them.
 * State lives in signals; `ChatModel` owns one and the composer renders
 * its chips.
 *
 * @module
 */
import { batch, type Signal, signal } from "@preact/signals";
import {
  type Attachment,
  type AttachmentKind,
  MAX_ATTACHMENTS_PER_MESSAGE,
} from "../api/attachments.ts";
import { checkFile } from "./file_check.ts";

/** Where a chip's file is: not sent yet, on its way, stored, or refused. */
export type ChipStatus = "waiting" | "uploading" | "ready" | "failed";

/** One file in the composer. */
export interface AttachmentChip {
  /** Local id (`pending-…`), stable while the chip lives. */
  key: string;
  /** The file picked; null for one put back from the server (`restore`). */
  file: File | null;
  name: string;
  size: number;
  kind: AttachmentKind;
  status: ChipStatus;
  /** Why the upload failed (the server's sentence), for `failed`. */
  error: string | null;
  /** The stored record, once uploaded. */
  attachment: Attachment | null;
  /** A local address of an image, for its thumbnail; null otherwise. */
  preview: string | null;
}

/** Options of {@linkcode AttachmentTray}. */
export interface AttachmentTrayOptions {
  /** Store files on the server (`ConversationApi.uploadAttachments`). */
  upload: (conversationId: string, files: File[]) => Promise<Attachment[]>;
  /** The open conversation's id; null until the first message creates it. */
  conversationId: () => string | null;
  /**
   * Remove a stored upload from the server (a chip taken off before
   * sending), so a file the person took back does not stay there.
   */
  discard?: (conversationId: string, attachmentId: string) => Promise<void>;
}

let nextKey = 1;

/** The composer's pending files; see the module doc. */
export class AttachmentTray {
  /** The files waiting, in the order added. */
  readonly chips: Signal<AttachmentChip[]> = signal([]);
  /** Why the last files added were left out; "" when none were. */
  readonly notice: Signal<string> = signal("");

  #options: AttachmentTrayOptions;
  #uploads = new Map<string, Promise<Attachment>>();
  /** Keys of chips taken off, so an upload finishing later is discarded. */
  #removed = new Set<string>();

  /** Create an empty tray uploading through `options.upload`. */
  constructor(options: AttachmentTrayOptions) {
    this.#options = options;
  }

  /**
   * Add files (picked, dropped or pasted). Those over a limit, of a type
   * the app does not take, or past the most per message are left out and
   * `notice` says why; the rest start uploading when they can. Returns
   * those added.
   */
  add(files: Iterable<File>): AttachmentChip[] {
    const reasons: string[] = [];
    const added: AttachmentChip[] = [];
    let room = MAX_ATTACHMENTS_PER_MESSAGE - this.chips.peek().length;
    let over = 0;
    for (const file of files) {
      const checked = checkFile(file);
      if ("error" in checked) reasons.push(checked.error);
      else if (room <= 0) over++;
      else {
        room--;
        added.push({
          key: `pending-file-${nextKey++}`,
          file,
          name: file.name,
          size: file.size,
          kind: checked.kind,
          status: "waiting",
          error: null,
          attachment: null,
          preview: checked.kind === "image" ? previewOf(file) : null,
        });
      }
    }
    if (over > 0) {
      reasons.push(
        `A message can have at most ${MAX_ATTACHMENTS_PER_MESSAGE} files; ${
          over === 1 ? "1 was" : `${over} were`
        } left out.`,
      );
    }
    batch(() => {
      this.notice.value = reasons.join(" ");
      if (added.length) this.chips.value = [...this.chips.peek(), ...added];
    });
    const id = this.#options.conversationId();
    if (id) {
      for (const chip of added) {
        void this.#upload(id, chip).catch(noop);
      }
    }
    return added;
  }

  /**
   * Put back files already stored on the server (kept with the draft over
   * a reload): ready to go, as uploaded ones are; `preview` gives an
   * image's thumbnail address. Those already here, or past the most per
   * message, are left out.
   */
  restore(
    records: Attachment[],
    preview: (record: Attachment) => string | null,
  ): void {
    const chips = this.chips.peek();
    const here = new Set(chips.map((c) => c.attachment?.id));
    const back = records.filter((r) => !here.has(r.id))
      .slice(0, MAX_ATTACHMENTS_PER_MESSAGE - chips.length)
      .map((attachment): AttachmentChip => ({
        key: `pending-file-${nextKey++}`,
        file: null,
        name: attachment.name,
        size: attachment.size,
        kind: attachment.kind,
        status: "ready",
        error: null,
        attachment,
        preview: attachment.kind === "image" ? preview(attachment) : null,
      }));
    if (back.length) this.chips.value = [...chips, ...back];
  }

  /**
   * Take a file out before sending. A copy already on the server is
   * removed there too (also one still uploading, once it lands); resolves
   * when that is done or has failed (the file then goes with the
   * conversation).
   */
  async remove(key: string): Promise<void> {
    const chip = this.chips.peek().find((c) => c.key === key);
    if (!chip) return;
    release(chip);
    const uploading = this.#uploads.get(key);
    this.#uploads.delete(key);
    this.#removed.add(key);
    batch(() => {
      this.chips.value = this.chips.peek().filter((c) => c.key !== key);
      this.notice.value = "";
    });
    const stored = chip.attachment ?? await uploading?.catch(noop);
    const id = this.#options.conversationId();
    if (stored && id) {
      await this.#options.discard?.(id, stored.id).catch(noop);
    }
  }

  /**
   * Upload every chip not stored yet (again, if it failed) to
   * `conversationId` and wait for those on their way: the records, in
   * order. Throws the first failure; the chips show each one's.
   */
  async upload(conversationId: string): Promise<Attachment[]> {
    const chips = this.chips.peek();
    const results = await Promise.allSettled(
      chips.map((chip) => this.#upload(conversationId, chip)),
    );
    const failed = results.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return results.map((r) => (r as PromiseFulfilledResult<Attachment>).value);
  }

  /** Records of the chips, for showing a message being sent. */
  records(): Attachment[] {
    return this.chips.peek().map((chip) =>
      chip.attachment ?? {
        id: chip.key,
        name: chip.name,
        mediaType: chip.file!.type,
        kind: chip.kind,
        size: chip.size,
      }
    );
  }

  /** The message went out with these chips: they leave the composer. */
  take(keys: readonly string[]): void {
    const gone = new Set(keys);
    for (const chip of this.chips.peek()) {
      if (gone.has(chip.key)) {
        release(chip);
        this.#uploads.delete(chip.key);
      }
    }
    batch(() => {
      this.chips.value = this.chips.peek().filter((c) => !gone.has(c.key));
      this.notice.value = "";
    });
  }

  #upload(conversationId: string, chip: AttachmentChip): Promise<Attachment> {
    if (chip.attachment) return Promise.resolve(chip.attachment);
    let running = this.#uploads.get(chip.key);
    if (running) return running;
    this.#set(chip.key, { status: "uploading", error: null });
    running = this.#options.upload(conversationId, [chip.file!]).then(
      ([attachment]) => {
        // Taken off meanwhile: `remove` discards it once this resolves.
        if (!this.#removed.has(chip.key)) {
          this.#set(chip.key, { status: "ready", attachment });
        }
        return attachment;
      },
      (error) => {
        this.#uploads.delete(chip.key);
        this.#set(chip.key, {
          status: "failed",
          error: error instanceof Error ? error.message : String(error),
        });
        throw error;
      },
    );
    this.#uploads.set(chip.key, running);
    return running;
  }

  /** Change a chip still in the tray (a removed one stays removed). */
  #set(key: string, fields: Partial<AttachmentChip>): void {
    const chips = this.chips.peek();
    if (!chips.some((c) => c.key === key)) return;
    this.chips.value = chips.map((c) =>
      c.key === key ? { ...c, ...fields } : c
    );
  }
}

function previewOf(file: File): string | null {
  return typeof URL.createObjectURL === "function"
    ? URL.createObjectURL(file)
    : null;
}

function release(chip: AttachmentChip): void {
  if (chip.preview?.startsWith("blob:")) URL.revokeObjectURL(chip.preview);
}

function noop() {}
