/**
 * The Deno KV backend of `ChatStore`, for Deno Deploy (no disk) and for
 * several instances sharing one database. It keeps nothing that another
 * instance could make stale, except search text cached per conversation
 * version. Each change is one atomic operation checked against the
 * conversation's versionstamp, retried when another writer got there
 * first, so concurrent writers never lose or tear a message.
 *
 * @module
 */
import { KvPresets } from "./presets.ts";
import { KvSessions } from "./sessions.ts";
import { ConflictError, NotFoundError, ValidationError } from "../../errors.ts";
import type { IndexEntry } from "../columns.ts";
import {
  decodeCursor,
  encodeCursor,
  pageSize,
  searchTerm,
} from "../listing.ts";
import {
  checkpointText,
  copyRecords,
  importRecords,
  laterOf,
  newConversationEntry,
  newMessageRecord,
  patchedMessage,
} from "../records.ts";
import { matchIn, type SearchText, searchTextOf } from "../search_text.ts";
import { emptyTrashOf } from "../empty_trash.ts";
import { Coalescer } from "../coalescer.ts";
import { SerialQueue } from "../serial_queue.ts";
import type {
  ChatStore,
  Conversation,
  ConversationWithMessages,
  DeletedConversation,
  ListedPage,
  ListOptions,
  Message,
  NewConversation,
  NewMessage,
  StoredAttachment,
  StoreProblem,
} from "../types.ts";
import type { Attachment } from "../../api/attachments.ts";
import type { SearchMatch } from "../../api/search.ts";
import {
  deleteFileChunks,
  deleteFiles,
  fileBytes,
  fileRecord,
  putFile,
} from "./attachments.ts";
import { assertNotSent } from "../attachments.ts";
import { isId, newId as defaultNewId } from "../uuid.ts";
import {
  checkConversationPatch,
  checkMessagePatch,
  checkNewMessage,
} from "../validate.ts";
import { atomically } from "./atomically.ts";
import { type ConversationRecord, KEYS, type TrashRecord } from "./keys.ts";
import {
  deletePieces,
  joinMessage,
  splitMessage,
  storedId,
  type StoredMessage,
  writePieces,
} from "./parts.ts";

/** Options of `openKvStore`. */
export interface KvStoreOptions {
  /**
   * A local KV file, a KV Connect URL (self-hosted denokv), or nothing for
   * the platform's default database (Deno Deploy).
   */
  path?: string;
  /** An already opened database (tests, tools); not closed by `close()`. */
  kv?: Deno.Kv;
  /** Clock, replaceable in tests. */
  now?: () => Date;
  /** Id generator, replaceable in tests. */
  newId?: () => string;
}

const CONVERSATION_NOT_FOUND = "Conversation not found";
const MESSAGE_NOT_FOUND = "Message not found";
const FILE_NOT_FOUND = "File not found";
/** Tries of a change that lost a race to another writer. */
const MAX_TRIES = 20;
/** Messages whose deletion is checked and committed together. */
const CLEANUP_BATCH = 40;
/** Conversations whose search text is loaded at once. */
const SEARCH_WINDOW = 32;
/** Bytes of messages an import writes per atomic operation. */
const IMPORT_BATCH_BYTES = 600_000;

type Entry = Deno.KvEntry<ConversationRecord>;

/** What one change of a conversation writes. */
interface Change<T> {
  /** The conversation's new record (default: unchanged, re-set). */
  next?: ConversationRecord;
  /** Further writes of the same atomic operation. */
  write?: (op: Deno.AtomicOperation) => void;
  /** Parts written ahead, removed again when the change loses a race. */
  staged?: StoredMessage[];
  /** Runs after a successful commit (removing what is no longer used). */
  after?: () => Promise<void>;
  result: T;
}

/** `ChatStore` on Deno KV. */
export class KvStore implements ChatStore {
  /** Login sessions, kept beside the history (see `SessionStore`). */
  readonly sessions: KvSessions;
  /** Named presets, kept beside the history (see `PresetStore`). */
  readonly presets: KvPresets;
  #kv: Deno.Kv;
  #ownsKv: boolean;
  #now: () => Date;
  #newId: () => string;
  #queue = new SerialQueue();
  #checkpoints = new Coalescer<string>();
  #haystacks = new Map<string, { versionstamp: string; form: SearchText }>();
  #closed = false;

  /** A store over an open database; `ownsKv` closes it on `close()`. */
  constructor(kv: Deno.Kv, options: KvStoreOptions & { ownsKv?: boolean }) {
    this.#kv = kv;
    this.sessions = new KvSessions(kv);
    this.presets = new KvPresets(kv);
    this.#ownsKv = options.ownsKv ?? false;
    this.#now = options.now ?? (() => new Date());
    this.#newId = options.newId ?? defaultNewId;
  }

  /** The database, for services that share it (reply events, leases). */
  get kv(): Deno.Kv {
    return this.#kv;
  }

  #iso(): string {
    return this.#now().toISOString();
  }

  #checkId(id: unknown): asserts id is string {
    if (this.#closed) throw new Error("The store is closed");
    if (!isId(id)) throw new NotFoundError(CONVERSATION_NOT_FOUND);
  }

  async #record(id: string): Promise<Entry> {
    const entry = await this.#kv.get<ConversationRecord>(
      KEYS.conversation(id),
    );
    if (entry.versionstamp === null) {
      throw new NotFoundError(CONVERSATION_NOT_FOUND);
    }
    return entry as Entry;
  }

  /**
   * Apply a change to conversation `id` as one atomic operation checked
   * against the version it was computed from; recompute on a lost race.
   */
  #change<T>(
    id: string,
    build: (current: Entry) => Promise<Change<T>>,
  ): Promise<T> {
    return this.#queue.run(id, async () => {
      for (let tries = 0; tries < MAX_TRIES; tries++) {
        const current = await this.#record(id);
        let change: Change<T>;
        try {
          change = await build(current);
        } catch (error) {
          if (error instanceof RaceError) continue;
          throw error;
        }
        const next = change.next ?? current.value;
        const result = await atomically(this.#kv, (op) => {
          op.check(current)
            .set(KEYS.conversation(id), next)
            .delete(KEYS.listed(current.value.entry))
            .set(KEYS.listed(next.entry), next.entry);
          change.write?.(op);
        });
        if (result.ok) {
          await change.after?.();
          return change.result;
        }
        for (const stored of change.staged ?? []) {
          await deletePieces(this.#kv, stored);
        }
      }
      throw new ConflictError(
        "The conversation is changing too often right now; try again.",
      );
    });
  }

  /** A message ready to store: inline, or its parts written ahead. */
  async #stage(message: Message): Promise<StoredMessage> {
    const split = splitMessage(message, crypto.randomUUID());
    if (split.pieces.length > 0) {
      const { partsId } = split.stored as { partsId: string };
      await writePieces(this.#kv, partsId, split.pieces);
    }
    return split.stored;
  }

  /** Position and stored record of a message, or NotFoundError. */
  async #find(
    current: Entry,
    messageId: string,
  ): Promise<{ position: number; entry: Deno.KvEntry<StoredMessage> }> {
    const id = current.value.entry.id;
    const at = await this.#kv.get<number>(KEYS.messageId(id, messageId));
    if (at.value !== null && at.value < current.value.count) {
      const entry = await this.#kv.get<StoredMessage>(
        KEYS.message(id, at.value),
      );
      if (entry.value && storedId(entry.value) === messageId) {
        return {
          position: at.value,
          entry: entry as Deno.KvEntry<StoredMessage>,
        };
      }
    }
    throw new NotFoundError(MESSAGE_NOT_FOUND);
  }

  /**
   * The parent of a new message: the one asked for (which must exist), or
   * by default the shown leaf, else the last message added.
   */
  async #parentOf(
    current: Entry,
    wanted: string | null | undefined,
  ): Promise<string | null> {
    if (wanted === null) return null;
    const id = wanted ?? current.value.entry.leafId;
    if (id) {
      const found = await this.#find(current, id).then(() => true, (error) => {
        if (error instanceof NotFoundError) return false;
        throw error;
      });
      if (found) return id;
      if (wanted) {
        throw new ValidationError(
          "parentId must name a message of this conversation",
          { field: "parentId" },
        );
      }
    }
    const { count } = current.value;
    if (count === 0) return null;
    const last = await this.#kv.get<StoredMessage>(
      KEYS.message(current.value.entry.id, count - 1),
    );
    return last.value ? storedId(last.value) : null;
  }

  async #join(stored: StoredMessage): Promise<Message> {
    const message = await joinMessage(this.#kv, stored);
    if (!message) throw new RaceError();
    return message;
  }

  /** The messages of a record, with their stored entries. */
  async #messagesOf(
    current: Entry,
  ): Promise<{ message: Message; entry: Deno.KvEntry<StoredMessage> }[]> {
    const id = current.value.entry.id;
    const out = [];
    const items = this.#kv.list<StoredMessage>({
      start: KEYS.message(id, 0),
      end: KEYS.message(id, current.value.count),
    }, { batchSize: 500 });
    for await (const entry of items) {
      out.push({ message: await this.#join(entry.value), entry });
    }
    if (out.length !== current.value.count) throw new RaceError();
    return out;
  }

  /**
   * A conversation and its messages as of one version: read again when a
   * writer changed it in between.
   */
  async #snapshot(
    id: string,
  ): Promise<{ current: Entry; messages: Message[] }> {
    for (let tries = 0;; tries++) {
      const current = await this.#record(id);
      try {
        const messages = (await this.#messagesOf(current)).map((m) =>
          m.message
        );
        const again = await this.#kv.get(KEYS.conversation(id));
        if (again.versionstamp === current.versionstamp) {
          return { current, messages };
        }
      } catch (error) {
        if (!(error instanceof RaceError) || tries >= MAX_TRIES) throw error;
      }
    }
  }

  async createConversation(input?: NewConversation): Promise<Conversation> {
    if (this.#closed) throw new Error("The store is closed");
    const id = this.#newId();
    const entry = newConversationEntry(input, { id, now: this.#iso() });
    const result = await atomically(
      this.#kv,
      (op) =>
        op.check({ key: KEYS.conversation(id), versionstamp: null })
          .set(KEYS.conversation(id), { entry, count: 0 })
          .set(KEYS.listed(entry), entry),
    );
    if (!result.ok) throw new ConflictError("This id is already taken");
    return view(entry);
  }

  async getConversation(id: string): Promise<Conversation> {
    this.#checkId(id);
    return view((await this.#record(id)).value.entry);
  }

  /** One read of the entry, as `getConversation` (KV holds no turn). */
  peekConversation(id: string): Promise<Conversation> {
    return this.getConversation(id);
  }

  async listConversations(
    options: ListOptions = {},
  ): Promise<ListedPage> {
    if (this.#closed) throw new Error("The store is closed");
    const limit = pageSize(options.limit);
    const q = searchTerm(options.q);
    const after = options.cursor ? decodeCursor(options.cursor) : null;
    const selector = after
      ? { prefix: KEYS.listPrefix, end: KEYS.listed(after) }
      : { prefix: KEYS.listPrefix };
    const found: IndexEntry[] = [];
    let more = false;
    let matches: Map<string, SearchMatch | null> | undefined;
    if (q === "") {
      const items = this.#kv.list<IndexEntry>(selector, {
        reverse: true,
        limit: limit + 1,
      });
      for await (const item of items) found.push(item.value);
      more = found.length > limit;
      found.length = Math.min(found.length, limit);
    } else {
      matches = new Map();
      more = await this.#search(selector, { q, limit, found, matches });
    }
    const last = found[found.length - 1];
    return {
      conversations: found.map(view),
      nextCursor: more && last ? encodeCursor(last) : null,
      matches,
    };
  }

  /**
   * Fill `found` with up to `limit` matches; true when there are more.
   * Those found by their text get their match (cut from the search text,
   * with no second read of their messages) in `matches`.
   */
  async #search(
    selector: Deno.KvListSelector,
    options: {
      q: string;
      limit: number;
      found: IndexEntry[];
      matches: Map<string, SearchMatch | null>;
    },
  ): Promise<boolean> {
    const { q, limit, found, matches } = options;
    const items = this.#kv.list<IndexEntry>(selector, {
      reverse: true,
      batchSize: 500,
    });
    let window: Deno.KvEntry<IndexEntry>[] = [];
    const flush = async (): Promise<boolean> => {
      const forms = await Promise.all(
        window.map((item) =>
          item.value.title.toLowerCase().includes(q)
            ? Promise.resolve(null)
            : this.#searchText(item)
        ),
      );
      for (const [i, form] of forms.entries()) {
        if (form !== null && !form.text.includes(q)) continue;
        if (found.length === limit) return true;
        found.push(window[i].value);
        // Found by title: its text was not loaded, so it is not explained.
        // Found by its text: the match (null when no one message holds
        // it), so the page does not read the same messages again.
        const match = form && matchIn(form, q);
        if (form !== null && match !== undefined) {
          matches.set(window[i].value.id, match);
        }
      }
      window = [];
      return false;
    };
    for await (const item of items) {
      window.push(item);
      if (window.length === SEARCH_WINDOW && await flush()) return true;
    }
    return await flush();
  }

  /** A conversation's searchable text, cached per version. */
  async #searchText(item: Deno.KvEntry<IndexEntry>): Promise<SearchText> {
    const id = item.value.id;
    const cached = this.#haystacks.get(id);
    if (cached?.versionstamp === item.versionstamp) return cached.form;
    try {
      const { current, messages } = await this.#snapshot(id);
      const form = searchTextOf(messages);
      this.#haystacks.set(id, { versionstamp: current.versionstamp, form });
      return form;
    } catch (error) {
      if (error instanceof NotFoundError) return { text: "", pieces: "[]" };
      throw error;
    }
  }

  async updateConversation(
    id: string,
    patch: unknown,
    options: { quiet?: boolean } = {},
  ): Promise<Conversation> {
    this.#checkId(id);
    const changes = checkConversationPatch(patch);
    return await this.#change(id, async (current) => {
      const { entry, count } = current.value;
      if (changes.leafId) {
        await this.#find(current, changes.leafId).catch((error) => {
          if (!(error instanceof NotFoundError)) throw error;
          throw new ValidationError(
            "leafId must name a message of this conversation",
            { field: "leafId" },
          );
        });
      }
      // Pinning or showing another branch is no news: the list order stays.
      const onlyPin = options.quiet ||
        Object.keys(changes).every((k) => k === "pinned" || k === "leafId");
      const next: IndexEntry = {
        ...entry,
        ...changes,
        updatedAt: onlyPin
          ? entry.updatedAt
          : laterOf(entry.updatedAt, this.#iso()),
      };
      return {
        next: { entry: next, count },
        result: view(next),
      };
    });
  }

  async deleteConversation(id: string): Promise<void> {
    this.#checkId(id);
    await this.#queue.run(id, async () => {
      const current = await this.#record(id);
      const result = await atomically(this.#kv, (op) =>
        op.check(current)
          .delete(KEYS.conversation(id))
          .delete(KEYS.listed(current.value.entry))
          .set(
            KEYS.trash(id),
            {
              ...current.value,
              deletedAt: this.#iso(),
            } satisfies TrashRecord,
          ));
      if (!result.ok) {
        throw new ConflictError("The conversation changed; try again.");
      }
      this.#haystacks.delete(id);
    });
  }

  async restoreConversation(id: string): Promise<Conversation> {
    this.#checkId(id);
    return await this.#queue.run(id, async () => {
      const trashed = await this.#kv.get<ConversationRecord>(KEYS.trash(id));
      if (trashed.value === null) {
        throw new NotFoundError("Conversation not found in the trash");
      }
      const live = await this.#kv.get(KEYS.conversation(id));
      if (live.versionstamp !== null) {
        throw new ConflictError("The conversation is not in the trash");
      }
      const { entry, count } = trashed.value;
      const result = await atomically(
        this.#kv,
        (op) =>
          op.check(trashed).check(live)
            .set(KEYS.conversation(id), { entry, count })
            .set(KEYS.listed(entry), entry)
            .delete(KEYS.trash(id)),
      );
      if (!result.ok) {
        throw new ConflictError("The conversation changed; try again.");
      }
      return view(entry);
    });
  }

  async listTrash(): Promise<DeletedConversation[]> {
    if (this.#closed) throw new Error("The store is closed");
    const items: DeletedConversation[] = [];
    const list = this.#kv.list<TrashRecord>({ prefix: KEYS.trashPrefix });
    for await (const item of list) {
      const { entry, deletedAt } = item.value;
      items.push({
        ...view(entry),
        deletedAt: deletedAt ?? entry.updatedAt,
      });
    }
    return items.sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
  }

  async purgeConversation(id: string): Promise<void> {
    this.#checkId(id);
    await this.#queue.run(id, async () => {
      const trashed = await this.#kv.get<TrashRecord>(KEYS.trash(id));
      if (trashed.value === null) {
        throw new NotFoundError("Conversation not found in the trash");
      }
      // Messages first: a purge cut short leaves it in the trash, to retry.
      const stored: Deno.KvEntry<StoredMessage>[] = [];
      const messages = this.#kv.list<StoredMessage>({
        prefix: KEYS.messagePrefix(id),
      });
      for await (const item of messages) stored.push(item);
      await this.#forget(id, stored);
      await deleteFiles(this.#kv, id);
      await this.#kv.atomic().check(trashed).delete(KEYS.trash(id)).commit();
    });
  }

  emptyTrash(options: { before?: string } = {}): Promise<number> {
    return emptyTrashOf(this, options);
  }

  async listMessages(conversationId: string): Promise<Message[]> {
    this.#checkId(conversationId);
    return (await this.#snapshot(conversationId)).messages;
  }

  async readConversation(
    id: string,
  ): Promise<{ conversation: Conversation; messages: Message[] }> {
    this.#checkId(id);
    const { current, messages } = await this.#snapshot(id);
    return { conversation: view(current.value.entry), messages };
  }

  async appendMessage(
    conversationId: string,
    input: NewMessage,
  ): Promise<Message> {
    this.#checkId(conversationId);
    const fields = checkNewMessage(input);
    const id = fields.id ?? this.#newId();
    const now = this.#iso();
    return await this.#change(
      conversationId,
      (current) => this.#appending(current, { fields, id, now }),
    );
  }

  /**
   * Read, decide and append as one change checked against the version
   * read: when another writer (a PATCH, another instance) changed the
   * conversation in between, the commit fails and the read and `decide`
   * run again on what is current, so the message stored always follows
   * from what `decide` last saw.
   */
  async appendAfterRead(
    conversationId: string,
    decide: (read: ConversationWithMessages) => NewMessage,
  ): Promise<{ read: ConversationWithMessages; message: Message }> {
    this.#checkId(conversationId);
    return await this.#change(conversationId, async (current) => {
      const messages = (await this.#messagesOf(current)).map((m) => m.message);
      const read = { conversation: view(current.value.entry), messages };
      const fields = checkNewMessage(decide(read));
      const change = await this.#appending(current, {
        fields,
        id: fields.id ?? this.#newId(),
        now: this.#iso(),
      });
      return { ...change, result: { read, message: change.result } };
    });
  }

  /** The change that adds a checked message to the version `current`. */
  async #appending(
    current: Entry,
    options: {
      fields: ReturnType<typeof checkNewMessage>;
      id: string;
      now: string;
    },
  ): Promise<Change<Message>> {
    const { fields, id, now } = options;
    const conversationId = current.value.entry.id;
    const message = newMessageRecord(fields, {
      id,
      now,
      parentId: await this.#parentOf(current, fields.parentId),
    });
    const exists = await this.#find(current, id).then(() => true, (e) => {
      if (e instanceof NotFoundError) return false;
      throw e;
    });
    if (exists) {
      throw new ConflictError("A message with this id already exists");
    }
    const { entry, count } = current.value;
    const stored = await this.#stage(message);
    return {
      next: {
        entry: {
          ...entry,
          updatedAt: laterOf(entry.updatedAt, message.createdAt),
          leafId: id,
        },
        count: count + 1,
      },
      write: (op) =>
        op.set(KEYS.message(conversationId, count), stored)
          .set(KEYS.messageId(conversationId, id), count),
      staged: [stored],
      result: message,
    };
  }

  async updateMessage(
    conversationId: string,
    messageId: string,
    patch: unknown,
  ): Promise<Message> {
    this.#checkId(conversationId);
    if (!isId(messageId)) throw new NotFoundError(MESSAGE_NOT_FOUND);
    const changes = checkMessagePatch(patch);
    return await this.#change(conversationId, async (current) => {
      const { position, entry: old } = await this.#find(current, messageId);
      const now = this.#iso();
      const next = patchedMessage(await this.#join(old.value), changes, now);
      const stored = await this.#stage(next);
      const { entry, count } = current.value;
      return {
        next: {
          entry: {
            ...entry,
            updatedAt: laterOf(entry.updatedAt, next.completedAt ?? now),
          },
          count,
        },
        write: (op) => op.set(KEYS.message(conversationId, position), stored),
        staged: [stored],
        after: () => deletePieces(this.#kv, old.value),
        result: next,
      };
    });
  }

  async checkpoint(
    conversationId: string,
    messageId: string,
    content: string,
  ): Promise<void> {
    // The coalescer registers the text before anything is awaited, so calls
    // keep their order and the newest text always wins.
    this.#checkId(conversationId);
    if (!isId(messageId)) throw new NotFoundError(MESSAGE_NOT_FOUND);
    const text = checkpointText(content);
    return await this.#checkpoints.submit(
      `${conversationId}/${messageId}`,
      text,
      (take) =>
        this.#change(conversationId, async (current) => {
          const content = take();
          const { position, entry: old } = await this.#find(
            current,
            messageId,
          );
          const message = await this.#join(old.value);
          // A reply that already finished keeps its final text.
          if (message.status !== "streaming" || message.content === content) {
            return { result: undefined };
          }
          const stored = await this.#stage({ ...message, content });
          return {
            write: (op) =>
              op.set(KEYS.message(conversationId, position), stored),
            staged: [stored],
            after: () => deletePieces(this.#kv, old.value),
            result: undefined,
          };
        }),
    );
  }

  /**
   * Remove a purged conversation's messages, a batch per atomic write;
   * each is removed only if nobody changed it meanwhile.
   */
  async #forget(
    conversationId: string,
    entries: Deno.KvEntry<StoredMessage>[],
  ): Promise<void> {
    for (let at = 0; at < entries.length; at += CLEANUP_BATCH) {
      const batch = entries.slice(at, at + CLEANUP_BATCH);
      const result = await atomically(this.#kv, (op) => {
        for (const entry of batch) {
          op.check(entry).delete(entry.key)
            .delete(KEYS.messageId(conversationId, storedId(entry.value)));
        }
      });
      if (!result.ok) continue;
      for (const entry of batch) await deletePieces(this.#kv, entry.value);
    }
  }

  async importConversation(
    input: NewConversation & { createdAt?: string; updatedAt?: string },
    messages: NewMessage[],
  ): Promise<Conversation> {
    if (this.#closed) throw new Error("The store is closed");
    const { entry, messages: built } = importRecords(input, messages, {
      newId: this.#newId,
      now: this.#iso(),
    });
    return await this.#put(entry, built);
  }

  async putConversation(
    conversation: IndexEntry,
    messages: readonly Message[],
  ): Promise<Conversation> {
    if (this.#closed) throw new Error("The store is closed");
    const { entry, messages: built } = copyRecords(conversation, messages);
    return await this.#put(entry, built);
  }

  async #put(entry: IndexEntry, built: Message[]): Promise<Conversation> {
    const id = entry.id;
    const taken = await this.#kv.get(KEYS.conversation(id));
    if (taken.versionstamp !== null) {
      throw new ConflictError("A conversation with this id already exists");
    }
    // Messages first: nobody sees them until the conversation record is
    // committed, in one atomic operation, last.
    let batch: [number, StoredMessage][] = [];
    let size = 0;
    const flush = async () => {
      const items = batch;
      batch = [];
      size = 0;
      if (items.length === 0) return;
      await atomically(this.#kv, (op) => {
        for (const [position, stored] of items) {
          op.set(KEYS.message(id, position), stored)
            .set(KEYS.messageId(id, storedId(stored)), position);
        }
      });
    };
    for (const [position, message] of built.entries()) {
      const stored = await this.#stage(message);
      const bytes = "message" in stored
        ? JSON.stringify(message).length * 2 + 200
        : 300;
      if (size + bytes > IMPORT_BATCH_BYTES || batch.length === 400) {
        await flush();
      }
      batch.push([position, stored]);
      size += bytes;
    }
    await flush();
    const result = await atomically(
      this.#kv,
      (op) =>
        op.check({ key: KEYS.conversation(id), versionstamp: null })
          .set(KEYS.conversation(id), { entry, count: built.length })
          .set(KEYS.listed(entry), entry),
    );
    if (!result.ok) {
      throw new ConflictError("A conversation with this id already exists");
    }
    return view(entry);
  }

  problems(): StoreProblem[] {
    // Nothing in KV can be damaged by hand the way a file can.
    return [];
  }

  async putAttachment(
    conversationId: string,
    attachment: Attachment,
    bytes: Uint8Array,
  ): Promise<void> {
    this.#checkId(conversationId);
    await this.#record(conversationId);
    await putFile(this.#kv, conversationId, { attachment, bytes });
    // A purge that ran meanwhile removed the files before these were
    // written: take them away too, rather than leave them to nobody.
    const [live, trashed] = await this.#kv.getMany([
      KEYS.conversation(conversationId),
      KEYS.trash(conversationId),
    ]);
    if (live.versionstamp === null && trashed.versionstamp === null) {
      await deleteFiles(this.#kv, conversationId);
      throw new NotFoundError(CONVERSATION_NOT_FOUND);
    }
  }

  async getAttachment(
    conversationId: string,
    attachmentId: string,
  ): Promise<Attachment> {
    return (await this.#fileRecord(conversationId, attachmentId)).attachment;
  }

  async readAttachment(
    conversationId: string,
    attachmentId: string,
  ): Promise<StoredAttachment> {
    const record = await this.#fileRecord(conversationId, attachmentId);
    const bytes = await fileBytes(this.#kv, conversationId, record);
    if (!bytes) throw new NotFoundError(FILE_NOT_FOUND);
    return { attachment: record.attachment, bytes };
  }

  async deleteAttachment(
    conversationId: string,
    attachmentId: string,
  ): Promise<void> {
    const record = await this.#fileRecord(conversationId, attachmentId);
    const { current, messages } = await this.#snapshot(conversationId);
    assertNotSent(messages, record.attachment);
    // A message appended meanwhile changes the conversation's record: the
    // check refuses then, and the person can try again.
    const result = await this.#kv.atomic().check(current)
      .delete(KEYS.attachment(conversationId, attachmentId)).commit();
    if (!result.ok) {
      throw new ConflictError("The conversation changed; try again.");
    }
    await deleteFileChunks(this.#kv, conversationId, attachmentId);
  }

  async #fileRecord(conversationId: string, attachmentId: string) {
    this.#checkId(conversationId);
    if (!isId(attachmentId)) throw new NotFoundError(FILE_NOT_FOUND);
    await this.#record(conversationId);
    const record = await fileRecord(this.#kv, conversationId, attachmentId);
    if (!record) throw new NotFoundError(FILE_NOT_FOUND);
    return record;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.idle();
    if (this.#ownsKv) this.#kv.close();
  }
}

/** A read that raced a writer: read again. */
class RaceError extends Error {}

function view(entry: IndexEntry): Conversation {
  return { ...entry, damaged: null };
}

/**
 * Open a KV store: `path` is a local file, a KV Connect URL, or nothing for
 * Deno Deploy's own database. Needs `--unstable-kv` outside Deploy.
 */
export async function openKvStore(
  options: KvStoreOptions = {},
): Promise<KvStore> {
  if (options.kv) return new KvStore(options.kv, options);
  if (typeof Deno.openKv !== "function") {
    throw new Error(
      "Deno KV is not available: run with --unstable-kv (the deno.json tasks do).",
    );
  }
  const kv = await Deno.openKv(options.path);
  return new KvStore(kv, { ...options, ownsKv: true });
}
