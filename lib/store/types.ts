/**
 * The shapes the store deals in and the `ChatStore` contract every backend
 * (CSV today, Deno KV later) implements, so the generation service and the
 * routes never depend on how history is kept.
 *
 * @module
 */
import type { PresetStore } from "./presets.ts";
import type { SessionStore } from "./sessions.ts";
import type { Attachment } from "../api/attachments.ts";
import type { SearchMatch } from "../api/search.ts";

export * from "../api/records.ts";
import type {
  Conversation,
  ConversationPage,
  ConversationPatch,
  ConversationWithMessages,
  DeletedConversation,
  ImportedConversationInput,
  ListOptions,
  Message,
  MessagePatch,
  NewConversation,
  NewMessage,
  StoreProblem,
} from "../api/records.ts";

/**
 * A page of the list as a store gives it. For a search, `matches` holds
 * what the store already knows of why a listed conversation matched (it
 * found it through its search data, so no messages need reading): the
 * first matching message with a snippet, or null when none matched (the
 * title did). A listed conversation missing from it is explained by
 * reading its messages. Not part of the wire page.
 */
export interface ListedPage extends ConversationPage {
  matches?: ReadonlyMap<string, SearchMatch | null>;
}

/** A stored file: its record and its bytes. */
export interface StoredAttachment {
  attachment: Attachment;
  bytes: Uint8Array;
}

/**
 * Durable chat history. Every method that writes resolves only once the
 * change is on disk (synced), so a crash never loses a completed message.
 * Unknown or malformed ids throw `NotFoundError`; invalid fields throw
 * `ValidationError` naming the field, before anything is written.
 * Login sessions live in it too (`sessions`), so they are shared by every
 * instance of the server that shares the history.
 */
export interface ChatStore {
  /** Login sessions, kept where the history is (see `SessionStore`). */
  readonly sessions: SessionStore;
  /** Named presets for new chats (see `PresetStore`). */
  readonly presets: PresetStore;

  /** Create a conversation (title defaults to "New chat"). */
  createConversation(input?: NewConversation): Promise<Conversation>;
  /** One conversation's metadata. */
  getConversation(id: string): Promise<Conversation>;
  /**
   * A conversation's settings as last known, without holding its turn or
   * reading its messages: what a send resolves its model from before it
   * takes the turn. It may lag a hand edit not noticed yet (the read of
   * `appendAfterRead` is current). `NotFoundError` when unknown.
   */
  peekConversation(id: string): Promise<Conversation>;
  /** Pinned first, then most recently updated; optional search. */
  listConversations(options?: ListOptions): Promise<ListedPage>;
  /**
   * Change settings; returns the updated conversation. A change moves it
   * up the list (`updatedAt`) unless it only pins or shows another branch,
   * or is `quiet`: something the app did, not the person (naming an old
   * "New chat" when it is opened).
   */
  updateConversation(
    id: string,
    patch: ConversationPatch,
    options?: { quiet?: boolean },
  ): Promise<Conversation>;
  /** Move a conversation to the trash (restorable). */
  deleteConversation(id: string): Promise<void>;
  /** Bring a conversation back from the trash. */
  restoreConversation(id: string): Promise<Conversation>;
  /** What the trash holds, most recently deleted first. */
  listTrash(): Promise<DeletedConversation[]>;
  /**
   * Remove a conversation in the trash for good, messages and all;
   * `NotFoundError` when it is not in the trash.
   */
  purgeConversation(id: string): Promise<void>;
  /**
   * Remove for good every conversation deleted before `before` (ISO time),
   * or the whole trash when it is absent; returns how many were removed.
   */
  emptyTrash(options?: { before?: string }): Promise<number>;

  /**
   * Every message of the tree, in the order they were added (later rows
   * supersede earlier ones); `shownPath` picks the branch shown.
   */
  listMessages(conversationId: string): Promise<Message[]>;
  /**
   * A conversation and its messages read together, as one step: what
   * starting a reply needs, for half the file checks of two calls.
   */
  readConversation(id: string): Promise<ConversationWithMessages>;
  /**
   * Add a message (after `input.parentId`, by default after the shown
   * branch's end) and show its branch; resolves once synced to disk.
   * `ValidationError` when the parent is not a message of the conversation.
   */
  appendMessage(conversationId: string, input: NewMessage): Promise<Message>;
  /**
   * Read a conversation and add the message `decide` makes of what was
   * read, as one step: a send checks the files for hand edits once, not
   * once to read and again to append. `decide` runs while the
   * conversation's turn is held, so it is synchronous: whatever is slow (a
   * model resolved) is done before. It may throw (nothing is stored).
   * Where the turn spans instances (Deno KV), the append is checked
   * against the version read: a change in between runs the read and
   * `decide` again. Resolves once the message is synced, as
   * `appendMessage`.
   */
  appendAfterRead(
    conversationId: string,
    decide: (read: ConversationWithMessages) => NewMessage,
  ): Promise<{ read: ConversationWithMessages; message: Message }>;
  /** Change a message (status, content, usage…); resolves once synced. */
  updateMessage(
    conversationId: string,
    messageId: string,
    patch: MessagePatch,
  ): Promise<Message>;
  /**
   * Save the text a streaming reply has so far. Cheap enough to call every
   * 500 ms; after a crash the reply comes back `interrupted` with it.
   */
  checkpoint(
    conversationId: string,
    messageId: string,
    content: string,
  ): Promise<void>;

  /**
   * Create a conversation with all its messages in one durable write (for
   * imports). Messages get fresh ids, their tree is kept (a message without
   * `parentId` follows the one before); their times are kept.
   */
  importConversation(
    input: ImportedConversationInput,
    messages: NewMessage[],
  ): Promise<Conversation>;

  /**
   * Store a conversation exactly as given, ids and times kept, with all its
   * messages in one durable step: how a history moves between stores.
   * `ConflictError` when the id is already there.
   */
  putConversation(
    conversation: Omit<Conversation, "damaged">,
    messages: readonly Message[],
  ): Promise<Conversation>;

  /**
   * Keep a file uploaded to a conversation: its bytes and its record,
   * already checked and sniffed (lib/attachments). The bytes are stored
   * under the record's id, never under the person's name. `NotFoundError`
   * when the conversation is unknown or in the trash.
   */
  putAttachment(
    conversationId: string,
    attachment: Attachment,
    bytes: Uint8Array,
  ): Promise<void>;
  /**
   * The record of a file uploaded to a conversation that is not in the
   * trash; `NotFoundError` for any other id (malformed ones before any
   * file is touched).
   */
  getAttachment(
    conversationId: string,
    attachmentId: string,
  ): Promise<Attachment>;
  /** A file's record and bytes, found as `getAttachment` finds it. */
  readAttachment(
    conversationId: string,
    attachmentId: string,
  ): Promise<StoredAttachment>;
  /**
   * Remove an upload no message was sent with (a file taken off the
   * composer): its record first, so it is gone at once, then its bytes.
   * `ConflictError` when a message carries it; `NotFoundError` as
   * `getAttachment`.
   */
  deleteAttachment(conversationId: string, attachmentId: string): Promise<void>;

  /** Problems found in files on disk (damaged rows, kept-aside torn rows). */
  problems(): StoreProblem[];
  /** Flush pending writes and release the data folder. */
  close(): Promise<void>;
}
