/**
 * The CSV backend of `ChatStore`. Layout of the data folder:
 *
 * ```
 * FORMAT                      format version
 * LOCK                        held by the running process
 * conversations.csv           the index: one row per conversation
 * conversations/<id>.csv      messages, append-only, one row per change
 * conversations/<id>.partial.csv   checkpoints of a reply being written
 * conversations/<id>.files/   uploaded files: <fileId>.<ext> + <fileId>.json
 * trash/                      deleted conversations (restorable)
 * ```
 *
 * @module
 */
import { CsvPresets } from "./csv_presets.ts";
import { CsvSessions } from "./csv_sessions.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { IndexEntry } from "./columns.ts";
import { ConversationIndex } from "./conversation_index.ts";
import { openDataDir } from "./data_dir.ts";
import { sameStamp, stampNow, stampOf } from "./files.ts";
import { inTurns } from "./turns.ts";
import { findMatch } from "./snippets.ts";
import type { DataDirLock } from "./lock.ts";
import { page, pageSize, searchTerm, sortForList } from "./listing.ts";
import {
  type SearchHits,
  SearchIndex,
  type SearchRecord,
} from "./search_index.ts";
import { adoptedEntry, listConversationFiles } from "./startup_scan.ts";
import { type LogContext, MessageLog } from "./message_log.ts";
import {
  checkpointText,
  copyRecords,
  importRecords,
  laterOf,
  newConversationEntry,
  newMessageRecord,
  patchedMessage,
} from "./records.ts";
import { emptyTrashOf } from "./empty_trash.ts";
import { Coalescer } from "./coalescer.ts";
import { SerialQueue } from "./serial_queue.ts";
import { Trash } from "./trash.ts";
import { AttachmentFiles } from "./attachment_files.ts";
import { assertNotSent } from "./attachments.ts";
import type { Attachment } from "../api/attachments.ts";
import type { SearchMatch } from "../api/search.ts";
import { shownPath } from "../api/message_tree.ts";
import type {
  ChatStore,
  Conversation,
  ConversationWithMessages,
  DeletedConversation,
  ImportedConversationInput,
  ListedPage,
  ListOptions,
  Message,
  NewConversation,
  NewMessage,
  StoredAttachment,
  StoreProblem,
} from "./types.ts";
import { isId, newId as defaultNewId } from "./uuid.ts";
import {
  checkConversationPatch,
  checkMessagePatch,
  checkNewMessage,
} from "./validate.ts";

/** Options of `openCsvStore`. */
export interface CsvStoreOptions {
  /** Folder holding every file; created when missing. */
  dataDir: string;
  /** Where problems found on disk are reported; defaults to `console.warn`. */
  log?: (message: string) => void;
  /** Clock, replaceable in tests. */
  now?: () => Date;
  /** Id generator, replaceable in tests. */
  newId?: () => string;
  /** Bounds of the message cache (see `CACHE`); smaller ones in tests. */
  cache?: { logs?: number; chars?: number };
}

const CONVERSATION_NOT_FOUND = "Conversation not found";
const MESSAGE_NOT_FOUND = "Message not found";
const FILE_NOT_FOUND = "File not found";
/** Files read at once by the start-up check. */
const CHECK_CONCURRENCY = 4;
/**
 * How long after opening the start-up check begins (a search begins it at
 * once): the first pages after a start are not served beside it.
 */
const CHECK_DELAY_MS = 1000;
/**
 * What stays in memory after use: recently used conversations, up to this
 * many and this much message text. Generous in count (a burst of sends
 * touches each conversation several times), bounded in size.
 */
const CACHE = { logs: 1024, chars: 4_000_000 };
/** How many files the start-up check re-reads between index writes. */
const CHECK_FLUSH_EVERY = 500;

type Presence = Map<string, { main: boolean; partial: boolean }>;

/** `ChatStore` on plain CSV files; `close()` releases the data folder lock. */
export class CsvStore implements ChatStore {
  /** Login sessions, kept beside the history (see `SessionStore`). */
  readonly sessions: CsvSessions;
  /** Named presets, kept beside the history (see `PresetStore`). */
  readonly presets: CsvPresets;
  /** Absolute path of the data folder. */
  readonly dataDir: string;
  #lock: DataDirLock;
  #index!: ConversationIndex;
  #trash: Trash;
  #files: AttachmentFiles;
  /** Recently used message logs, least recent first (bounded). */
  #logs = new Map<string, MessageLog>();
  /** Message text of each cached log, as counted when last used. */
  #counted = new Map<string, number>();
  #cachedChars = 0;
  #cache: { logs: number; chars: number };
  /** Ids whose files this process has read (the first read recovers). */
  #opened = new Set<string>();
  /** Unreadable parts by conversation, for logs in memory or not. */
  #damaged = new Map<string, StoreProblem[]>();
  #search!: SearchIndex;
  #checked: Promise<void> = Promise.resolve();
  /** Starts the start-up check now, if it has not started yet. */
  #startCheck: () => void = () => {};
  #checkTimer: ReturnType<typeof setTimeout> | undefined;
  #log: (message: string) => void;
  #queue = new SerialQueue();
  #ctx: LogContext;
  #newId: () => string;
  #recovered: StoreProblem[] = [];
  #sorted: { generation: number; entries: IndexEntry[] } | null = null;
  #checkpoints = new Coalescer<string>();
  #closed = false;

  private constructor(
    dataDir: string,
    lock: DataDirLock,
    options: CsvStoreOptions,
  ) {
    this.dataDir = dataDir;
    this.#lock = lock;
    this.#newId = options.newId ?? defaultNewId;
    this.#cache = { ...CACHE, ...options.cache };
    const log = options.log ?? ((message: string) => console.warn(message));
    this.#log = log;
    this.#ctx = {
      dir: `${dataDir}/conversations`,
      dataDir,
      now: options.now ?? (() => new Date()),
      report: (problem) => {
        if (problem.kind === "recovered") this.#recovered.push(problem);
        log(`[store] ${problem.message}`);
      },
    };
    this.#trash = new Trash(dataDir);
    this.#files = new AttachmentFiles(`${dataDir}/conversations`);
    this.sessions = new CsvSessions(dataDir);
    this.presets = new CsvPresets(dataDir);
  }

  /** Take the folder's lock, then load and recover everything in it. */
  static async open(options: CsvStoreOptions): Promise<CsvStore> {
    const { dataDir, lock } = await openDataDir(options.dataDir);
    const store = new CsvStore(dataDir, lock, options);
    try {
      await store.#start();
    } catch (error) {
      lock.release();
      throw error;
    }
    return store;
  }

  /**
   * Start-up reads the index and lists the files; messages are read when a
   * conversation is used. Only replies cut short by a crash (a partial
   * file) and files missing from the index are read now. The rest is
   * checked against the search index in the background (`#check`).
   */
  async #start(): Promise<void> {
    this.#index = await ConversationIndex.open(this.dataDir, {
      now: this.#ctx.now,
      report: this.#ctx.report,
    });
    this.#search = new SearchIndex(this.dataDir, {
      alive: (id) => this.#index.entries.has(id),
      report: (message) => this.#log(`[store] ${message}`),
    });
    await this.#trash.finishInterrupted(this.#index, this.#ctx.dir);
    const onDisk = await listConversationFiles(this.#ctx.dir);
    let adopted = false;
    for (const [id, files] of onDisk) {
      const known = this.#index.entries.has(id);
      if (known && !files.partial) continue;
      const log = await this.#open(id, { exists: files });
      if (known) continue;
      this.#index.set(adoptedEntry(id, log));
      adopted = true;
      this.#ctx.report({
        kind: "recovered",
        conversationId: id,
        file: `conversations/${id}.csv`,
        line: null,
        message: `conversations/${id}.csv was missing from the index ` +
          "and has been added back",
      });
    }
    if (adopted) await this.#index.flush();
    const ids = [...new Set([...this.#index.entries.keys(), ...onDisk.keys()])];
    // The check waits a moment, so that the first pages are not served
    // beside it, unless a search needs it sooner.
    const timer = setTimeout(() => this.#startCheck(), CHECK_DELAY_MS);
    Deno.unrefTimer(timer);
    this.#checkTimer = timer;
    this.#startCheck = () => {
      this.#startCheck = () => {};
      clearTimeout(this.#checkTimer);
      this.#checked = this.#check(ids, onDisk).catch((error) =>
        this.#log(`[store] The start-up check stopped: ${error}`)
      );
    };
  }

  /**
   * Compare every messages file with its search index record: an unchanged
   * file gives its last activity and problems from the record; a changed
   * or unknown one (a hand edit, a crash, a first start) is read again.
   * Search waits for this; listing and opening do not.
   */
  async #check(ids: string[], onDisk: Presence): Promise<void> {
    const heads = await this.#search.heads();
    let reread = 0;
    const changed: string[] = [];
    // Unchanged files, the usual case: synchronous stats (their inodes are
    // cached after the listing), a few ms of them per turn.
    await inTurns(ids, (id) => {
      const stamp = stampNow(
        onDisk.get(id)?.main ? `${this.#ctx.dir}/${id}.csv` : null,
      );
      const head = heads.get(id);
      if (!head || !sameStamp(head.stamp, stamp)) {
        changed.push(id);
        return;
      }
      if (head.problems.length > 0 && !this.#logs.has(id)) {
        this.#damaged.set(id, head.problems);
      }
      if (head.lastActivity) this.#index.touch(id, head.lastActivity);
    }, { stopped: () => this.#closed });
    if (this.#closed) return;
    const worker = async () => {
      for (let id = changed.pop(); id !== undefined; id = changed.pop()) {
        if (this.#closed) return;
        await this.#serial(id, async () => {
          if (this.#closed || !this.#index.entries.has(id)) return;
          const log = await this.#logOf(id);
          this.#changed(log);
          const last = log.lastActivity;
          if (last) this.#index.touch(id, last);
        });
        if (++reread % CHECK_FLUSH_EVERY === 0) await this.#search.flush();
      }
    };
    await Promise.all(Array.from({ length: CHECK_CONCURRENCY }, worker));
    if (this.#search.pending > 0) await this.#search.flush();
  }

  /**
   * Read a conversation's files. The first read in this process recovers
   * as at start-up (a torn last row is cut off, a reply left streaming
   * becomes interrupted).
   */
  async #open(
    id: string,
    options: {
      atStartup?: boolean;
      exists?: { main: boolean; partial: boolean };
    } = {},
  ): Promise<MessageLog> {
    const atStartup = options.atStartup ?? !this.#opened.has(id);
    this.#opened.add(id);
    const log = await MessageLog.open(id, this.#ctx, {
      atStartup,
      exists: options.exists,
    });
    this.#remember(log);
    this.#learn(log);
    if (atStartup && log.lastActivity) {
      this.#index.touch(id, log.lastActivity);
    }
    return log;
  }

  /** Keep a log in the cache as the most recent; drop the least recent. */
  #remember(log: MessageLog): void {
    this.#forget(log.id);
    this.#logs.set(log.id, log);
    this.#counted.set(log.id, log.textLength);
    this.#cachedChars += log.textLength;
    const over = () =>
      this.#logs.size > this.#cache.logs ||
      this.#cachedChars > this.#cache.chars;
    for (const [id, kept] of this.#logs) {
      if (!over()) return;
      // A reply being written keeps its log (and its pending folder sync).
      if (kept !== log && !kept.streaming) this.#forget(id);
    }
  }

  #forget(id: string): void {
    this.#cachedChars -= this.#counted.get(id) ?? 0;
    this.#counted.delete(id);
    this.#logs.delete(id);
  }

  /** Note what a freshly read log found wrong. */
  #learn(log: MessageLog): void {
    const problems = log.problems;
    if (problems.length > 0) this.#damaged.set(log.id, problems);
    else this.#damaged.delete(log.id);
  }

  /** A log's messages changed: its search record must be written again. */
  #changed(log: MessageLog): void {
    this.#search.changed(log.id, () => this.#recordOf(log));
  }

  #recordOf(log: MessageLog): SearchRecord | null {
    if (!this.#index.entries.has(log.id)) return null;
    return {
      id: log.id,
      stamp: log.stamp,
      lastActivity: log.lastActivity,
      problems: log.problems,
      // Only a search of records not yet written needs the text.
      get text() {
        return log.haystack;
      },
      messages: log.messages,
    };
  }

  #now(): string {
    return this.#ctx.now().toISOString();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error("The store is closed");
  }

  /** Malformed ids are unknown ids, found out before any file access. */
  #checkId(id: unknown): asserts id is string {
    this.#assertOpen();
    if (!isId(id)) throw new NotFoundError(CONVERSATION_NOT_FOUND);
  }

  /**
   * The index entry of a conversation. Used inside queued tasks, which run
   * to the end even when `close()` was called after they were queued.
   */
  async #entry(id: string): Promise<IndexEntry> {
    await this.#index.refresh();
    const entry = this.#index.entries.get(id);
    if (!entry) throw new NotFoundError(CONVERSATION_NOT_FOUND);
    return entry;
  }

  async #logOf(id: string): Promise<MessageLog> {
    const log = this.#logs.get(id);
    if (!log) return await this.#open(id);
    this.#remember(log);
    if (await log.refresh()) {
      this.#learn(log);
      this.#changed(log);
    }
    return log;
  }

  #view(entry: IndexEntry): Conversation {
    return { ...entry, damaged: this.#damaged.get(entry.id)?.[0] ?? null };
  }

  /** Run `task` as the only writer of conversation `id`. */
  #serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    return this.#queue.run(id, task);
  }

  async createConversation(input?: NewConversation): Promise<Conversation> {
    this.#assertOpen();
    const id = this.#newId();
    const entry = newConversationEntry(input, { id, now: this.#now() });
    return await this.#serial(id, async () => {
      const log = MessageLog.empty(id, this.#ctx);
      await log.create();
      this.#opened.add(id);
      this.#remember(log);
      this.#changed(log);
      this.#index.set(entry);
      await this.#index.flush();
      return this.#view(entry);
    });
  }

  async getConversation(id: string): Promise<Conversation> {
    this.#checkId(id);
    return await this.#serial(id, async () => {
      const entry = await this.#entry(id);
      await this.#logOf(id);
      return this.#view(entry);
    });
  }

  async peekConversation(id: string): Promise<Conversation> {
    this.#checkId(id);
    // The index in memory; the file is looked at only for an id it lacks.
    return this.#view(this.#index.entries.get(id) ?? await this.#entry(id));
  }

  async listConversations(
    options: ListOptions = {},
  ): Promise<ListedPage> {
    this.#assertOpen();
    const limit = pageSize(options.limit);
    const q = searchTerm(options.q);
    await this.#index.refresh();
    const generation = this.#index.generation;
    if (this.#sorted?.generation !== generation) {
      this.#sorted = {
        generation,
        entries: sortForList(this.#index.entries.values()),
      };
    }
    if (q === "") {
      const result = page(this.#sorted.entries, {
        cursor: options.cursor,
        limit,
      });
      return {
        conversations: result.entries.map((e) => this.#view(e)),
        nextCursor: result.nextCursor,
      };
    }
    this.#startCheck();
    await this.#checked;
    const sorted = this.#sorted.entries;
    const hits = await this.#search.search(q);
    try {
      const result = page(sorted, {
        cursor: options.cursor,
        limit,
        matches: (entry) =>
          hits.has(entry.id) || entry.title.toLowerCase().includes(q),
      });
      return {
        conversations: result.entries.map((e) => this.#view(e)),
        nextCursor: result.nextCursor,
        matches: await this.#explain(hits, result.entries, q),
      };
    } finally {
      hits.close();
    }
  }

  /**
   * Why each listed conversation matched, from the search index's records
   * (no messages file is read): null for those found by title only. A
   * record older than its file (edited by hand while running) gives way
   * to the file, which then updates the index.
   */
  async #explain(
    hits: SearchHits,
    entries: IndexEntry[],
    q: string,
  ): Promise<Map<string, SearchMatch | null>> {
    const found = entries.filter((e) => hits.has(e.id)).map((e) => e.id);
    const explained = await hits.explain(found, q);
    const matches = new Map<string, SearchMatch | null>();
    await Promise.all([...explained].map(async ([id, { match, from }]) => {
      const path = `${this.#ctx.dir}/${id}.csv`;
      if (from === undefined || sameStamp(from, await stampOf(path))) {
        matches.set(id, match);
        return;
      }
      try {
        const log = await this.#serial(id, () => this.#logOf(id));
        if (!sameStamp(log.stamp, from)) this.#changed(log);
        matches.set(id, findMatch(log.messages, q) ?? null);
      } catch {
        // Deleted meanwhile: listed without a snippet.
      }
    }));
    for (const entry of entries) {
      if (!hits.has(entry.id)) matches.set(entry.id, null);
    }
    return matches;
  }

  async updateConversation(
    id: string,
    patch: unknown,
    options: { quiet?: boolean } = {},
  ): Promise<Conversation> {
    this.#checkId(id);
    const changes = checkConversationPatch(patch);
    return await this.#serial(id, async () => {
      const entry = await this.#entry(id);
      if (changes.leafId) {
        const log = await this.#logOf(id);
        if (!log.get(changes.leafId)) {
          throw new ValidationError(
            "leafId must name a message of this conversation",
            { field: "leafId" },
          );
        }
      }
      // Pinning or showing another branch is no news: the list order stays.
      const onlyPin = options.quiet ||
        Object.keys(changes).every((k) => k === "pinned" || k === "leafId");
      const next: IndexEntry = {
        ...entry,
        ...changes,
        updatedAt: onlyPin ? entry.updatedAt : laterOf(
          entry.updatedAt,
          this.#now(),
        ),
      };
      this.#index.set(next);
      await this.#index.flush();
      return this.#view(next);
    });
  }

  async deleteConversation(id: string): Promise<void> {
    this.#checkId(id);
    await this.#serial(id, async () => {
      const entry = await this.#entry(id);
      await this.#trash.put(entry, {
        fromDir: this.#ctx.dir,
        deletedAt: this.#now(),
      });
      this.#index.delete(id);
      await this.#index.flush();
      this.#forget(id);
      this.#damaged.delete(id);
      this.#search.removed(id);
    });
  }

  async restoreConversation(id: string): Promise<Conversation> {
    this.#checkId(id);
    return await this.#serial(id, async () => {
      const entry = await this.#trash.read(id);
      if (!entry) {
        throw new NotFoundError("Conversation not found in the trash");
      }
      await this.#index.refresh();
      if (this.#index.entries.has(id)) {
        throw new ConflictError("The conversation is not in the trash");
      }
      this.#index.set(entry);
      await this.#index.flush();
      await this.#trash.takeBack(id, this.#ctx.dir);
      this.#changed(await this.#open(id, { atStartup: false }));
      return this.#view(entry);
    });
  }

  async listTrash(): Promise<DeletedConversation[]> {
    this.#assertOpen();
    await this.#index.refresh();
    const items: DeletedConversation[] = [];
    for (const id of await this.#trash.ids()) {
      if (this.#index.entries.has(id)) continue;
      const read = await this.#trash.readWithTime(id);
      if (read) {
        items.push({ ...read.entry, damaged: null, deletedAt: read.deletedAt });
      }
    }
    return items.sort((a, b) => b.deletedAt.localeCompare(a.deletedAt));
  }

  async purgeConversation(id: string): Promise<void> {
    this.#checkId(id);
    await this.#serial(id, async () => {
      await this.#index.refresh();
      if (
        this.#index.entries.has(id) || !(await this.#trash.readWithTime(id))
      ) {
        throw new NotFoundError("Conversation not found in the trash");
      }
      await this.#trash.remove(id);
    });
  }

  emptyTrash(options: { before?: string } = {}): Promise<number> {
    return emptyTrashOf(this, options);
  }

  async listMessages(conversationId: string): Promise<Message[]> {
    this.#checkId(conversationId);
    return await this.#serial(conversationId, async () => {
      await this.#entry(conversationId);
      return (await this.#logOf(conversationId)).messages;
    });
  }

  async readConversation(id: string): Promise<ConversationWithMessages> {
    this.#checkId(id);
    return await this.#serial(id, async () => {
      const entry = await this.#entry(id);
      const log = await this.#logOf(id);
      return {
        conversation: this.#view(entry),
        messages: log.messages,
        problems: log.problems,
      };
    });
  }

  async appendMessage(
    conversationId: string,
    input: NewMessage,
  ): Promise<Message> {
    this.#checkId(conversationId);
    const fields = checkNewMessage(input);
    return await this.#serial(conversationId, async () => {
      const { entry, log } = fields.status === "streaming"
        ? this.#forPartialWrite(conversationId)
        : { entry: await this.#entry(conversationId), log: null };
      return await this.#append(
        entry,
        log ?? await this.#logOf(conversationId),
        fields,
      );
    });
  }

  async appendAfterRead(
    conversationId: string,
    decide: (read: ConversationWithMessages) => NewMessage,
  ): Promise<{ read: ConversationWithMessages; message: Message }> {
    this.#checkId(conversationId);
    return await this.#serial(conversationId, async () => {
      // One check of each file for hand edits serves the read and the
      // append: only `decide` runs in between, synchronously, so a hand
      // edit made meanwhile is folded into our write exactly as one made
      // between the check and the write of a lone `appendMessage`.
      const entry = await this.#entry(conversationId);
      const log = await this.#logOf(conversationId);
      const read = {
        conversation: this.#view(entry),
        messages: log.messages,
        problems: log.problems,
      };
      const fields = checkNewMessage(decide(read));
      return { read, message: await this.#append(entry, log, fields) };
    });
  }

  /** Add a checked message to a log, inside the conversation's turn. */
  async #append(
    entry: IndexEntry,
    log: MessageLog,
    fields: ReturnType<typeof checkNewMessage>,
  ): Promise<Message> {
    const id = fields.id ?? this.#newId();
    if (log.get(id)) {
      throw new ConflictError("A message with this id already exists");
    }
    const parentId = fields.parentId === undefined
      ? shownPath(log.messages, entry.leafId).at(-1)?.id ?? null
      : fields.parentId;
    if (parentId !== null && !log.get(parentId)) {
      throw new ValidationError(
        "parentId must name a message of this conversation",
        { field: "parentId" },
      );
    }
    const message = newMessageRecord(fields, {
      id,
      now: this.#now(),
      parentId,
    });
    await log.append(message);
    this.#changed(log);
    this.#index.touch(entry.id, message.createdAt, { leafId: id });
    return message;
  }

  /**
   * The entry and log for a write of a reply being generated, which goes
   * to the partial file only (its placeholder, its checkpoints): the files
   * are not checked for hand edits here. Such a write changes neither the
   * messages file nor the index file, nor the stamps we keep of them, so
   * an edit made by hand is still seen, by the next call that reads or
   * writes them (the reply's final row at the latest). Inside the turn.
   */
  #forPartialWrite(id: string): { entry: IndexEntry; log: MessageLog | null } {
    const entry = this.#index.entries.get(id);
    if (!entry) throw new NotFoundError(CONVERSATION_NOT_FOUND);
    const log = this.#logs.get(id) ?? null;
    if (log) this.#remember(log);
    return { entry, log };
  }

  async updateMessage(
    conversationId: string,
    messageId: string,
    patch: unknown,
  ): Promise<Message> {
    this.#checkId(conversationId);
    if (!isId(messageId)) throw new NotFoundError(MESSAGE_NOT_FOUND);
    const changes = checkMessagePatch(patch);
    return await this.#serial(conversationId, async () => {
      // The index is not read for the answer, only moved forward (`touch`),
      // and its next write merges a hand edit first (see
      // ConversationIndex.flush): no check of it here. The messages file,
      // which this writes, is checked.
      if (!this.#index.entries.has(conversationId)) {
        throw new NotFoundError(CONVERSATION_NOT_FOUND);
      }
      const log = await this.#logOf(conversationId);
      const old = log.get(messageId);
      if (!old) throw new NotFoundError(MESSAGE_NOT_FOUND);
      const next = patchedMessage(old, changes, this.#now());
      await log.replace(next);
      this.#changed(log);
      this.#index.touch(conversationId, next.completedAt ?? this.#now());
      return next;
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
        this.#serial(conversationId, async () => {
          const content = take();
          const log = this.#forPartialWrite(conversationId).log ??
            await this.#logOf(conversationId);
          const message = log.get(messageId);
          if (!message) throw new NotFoundError(MESSAGE_NOT_FOUND);
          // A reply that already finished keeps its final text.
          if (message.status !== "streaming") return;
          if (message.content === content) return;
          await log.replace({ ...message, content });
          this.#changed(log);
        }),
    );
  }

  async importConversation(
    input: ImportedConversationInput,
    messages: NewMessage[],
  ): Promise<Conversation> {
    this.#assertOpen();
    const { entry, messages: built } = importRecords(input, messages, {
      newId: this.#newId,
      now: this.#now(),
    });
    return await this.#put(entry, built);
  }

  async putConversation(
    conversation: IndexEntry,
    messages: readonly Message[],
  ): Promise<Conversation> {
    this.#assertOpen();
    const { entry, messages: built } = copyRecords(conversation, messages);
    return await this.#put(entry, built);
  }

  #put(entry: IndexEntry, messages: Message[]): Promise<Conversation> {
    const id = entry.id;
    return this.#serial(id, async () => {
      await this.#index.refresh();
      if (this.#index.entries.has(id)) {
        throw new ConflictError("A conversation with this id already exists");
      }
      const log = MessageLog.empty(id, this.#ctx);
      await log.rewrite(messages);
      this.#opened.add(id);
      this.#remember(log);
      this.#changed(log);
      this.#index.set(entry);
      await this.#index.flush();
      return this.#view(entry);
    });
  }

  async putAttachment(
    conversationId: string,
    attachment: Attachment,
    bytes: Uint8Array,
  ): Promise<void> {
    this.#checkId(conversationId);
    await this.#serial(conversationId, async () => {
      await this.#entry(conversationId);
      await this.#files.put(conversationId, attachment, bytes);
    });
  }

  async getAttachment(
    conversationId: string,
    attachmentId: string,
  ): Promise<Attachment> {
    this.#checkId(conversationId);
    if (!isId(attachmentId)) throw new NotFoundError(FILE_NOT_FOUND);
    return await this.#serial(conversationId, async () => {
      await this.#entry(conversationId);
      const record = await this.#files.get(conversationId, attachmentId);
      if (!record) throw new NotFoundError(FILE_NOT_FOUND);
      return record;
    });
  }

  async readAttachment(
    conversationId: string,
    attachmentId: string,
  ): Promise<StoredAttachment> {
    const attachment = await this.getAttachment(conversationId, attachmentId);
    const bytes = await this.#files.read(conversationId, attachment);
    if (!bytes) throw new NotFoundError(FILE_NOT_FOUND);
    return { attachment, bytes };
  }

  async deleteAttachment(
    conversationId: string,
    attachmentId: string,
  ): Promise<void> {
    this.#checkId(conversationId);
    if (!isId(attachmentId)) throw new NotFoundError(FILE_NOT_FOUND);
    // In the conversation's queue, so no send can take the file meanwhile.
    await this.#serial(conversationId, async () => {
      await this.#entry(conversationId);
      const record = await this.#files.get(conversationId, attachmentId);
      if (!record) throw new NotFoundError(FILE_NOT_FOUND);
      assertNotSent((await this.#logOf(conversationId)).messages, record);
      await this.#files.remove(conversationId, record);
    });
  }

  problems(): StoreProblem[] {
    const damaged = [...this.#damaged.values()].flat();
    return [...this.#index.problems, ...damaged, ...this.#recovered];
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      // A check not started yet has nothing to finish.
      this.#startCheck = () => {};
      clearTimeout(this.#checkTimer);
      await this.#checked;
      await this.#queue.idle();
      await this.#index.close();
      await this.#search.close();
    } finally {
      this.#lock.release();
    }
  }
}

/**
 * Open (creating when missing) the data folder: take its lock file, cut off
 * torn rows left by a crash, and mark replies left `streaming` as
 * `interrupted`. Throws `DataDirLockedError` when another process holds
 * the folder.
 */
export function openCsvStore(options: CsvStoreOptions): Promise<CsvStore> {
  return CsvStore.open(options);
}
