/**
 * The islands' calls to the API, in one place, so that every island turns
 * `{ "error": … }` answers into the same `ApiError` with the server's
 * message (shown to the person as is).
 *
 * @module
 */
import type { Attachment } from "../api/attachments.ts";
import type {
  Conversation,
  ConversationPage,
  ConversationPatch,
  DeletedConversation,
  ErrorBody,
  Message,
  NewConversation,
  Preset,
} from "../api/mod.ts";
import type { ModelOption } from "./chat_types.ts";

/** Formats `GET /api/conversations/:id/export` can produce. */
export type ExportFormat = "csv" | "md" | "json";

/** A failed API call, with the server's human-readable message. */
export class ApiError extends Error {
  /** HTTP status of the answer (0 when the server could not be reached). */
  readonly status: number;

  /** Create an error for an answer with `status` and `message`. */
  constructor(status: number, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/** What `POST /api/import` did. */
export interface ImportResult {
  /** The conversations created. */
  imported: { id: string; title: string; messages: number }[];
  /** Parts of the file left out, and why. */
  skipped: { item: string; reason: string }[];
}

/** A conversation with its messages, as `GET /api/conversations/:id` sends it. */
export interface ConversationData {
  conversation: Conversation;
  messages: Message[];
}

/** Body of `POST /api/conversations/:id/messages`. */
export interface SendBody {
  content: string;
  model?: string;
  /**
   * The message this one follows (null: a first message); by default the
   * end of the shown branch. An earlier one starts a new branch (an edit).
   */
  parentId?: string | null;
  /** Files uploaded first (`uploadAttachments`), kept with the message. */
  attachmentIds?: string[];
}

/** Options of {@linkcode ConversationApi}. */
export interface ConversationApiOptions {
  /** Origin to call; empty (the default) means the page's own. */
  base?: string;
}

/**
 * Client of `/api/conversations` and `/api/import`. In the browser the
 * default instance calls the page's own origin; tests pass `base`.
 */
export class ConversationApi {
  #base: string;

  /** Create a client for the server at `options.base`. */
  constructor(options: ConversationApiOptions = {}) {
    this.#base = (options.base ?? "").replace(/\/+$/, "");
  }

  /** One page of the list, optionally filtered by `q`, after `cursor`. */
  list(
    options: { q?: string; cursor?: string | null; signal?: AbortSignal } = {},
  ): Promise<ConversationPage> {
    const params = new URLSearchParams();
    const q = options.q?.trim();
    if (q) params.set("q", q);
    if (options.cursor) params.set("cursor", options.cursor);
    const search = params.size ? `?${params}` : "";
    return this.#json<ConversationPage>(`/api/conversations${search}`, {
      signal: options.signal,
    });
  }

  /** One conversation's metadata. */
  async get(id: string): Promise<Conversation> {
    return unwrapConversation(await this.#json<unknown>(this.#path(id), {}));
  }

  /** Change a conversation's title, pin… and get the stored version. */
  async update(id: string, patch: ConversationPatch): Promise<Conversation> {
    const body = await this.#json<unknown>(this.#path(id), {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(patch),
    });
    return unwrapConversation(body);
  }

  /** Move a conversation to the trash. */
  async remove(id: string): Promise<void> {
    await this.#json<unknown>(this.#path(id), { method: "DELETE" });
  }

  /** Bring a conversation back from the trash. */
  async restore(id: string): Promise<Conversation> {
    const body = await this.#json<unknown>(`${this.#path(id)}/restore`, {
      method: "POST",
    });
    return unwrapConversation(body);
  }

  /** The trash: deleted conversations, newest first, and how long they stay. */
  async trash(): Promise<
    { conversations: DeletedConversation[]; trashDays: number }
  > {
    return await this.#json("/api/trash", {});
  }

  /** Delete a conversation in the trash for good. */
  async purge(id: string): Promise<void> {
    await this.#json<unknown>(`/api/trash/${encodeURIComponent(id)}`, {
      method: "DELETE",
    });
  }

  /** Delete everything in the trash for good; returns how many. */
  async emptyTrash(): Promise<number> {
    const body = await this.#json<{ deleted: number }>("/api/trash", {
      method: "DELETE",
    });
    return body.deleted;
  }

  /**
   * Import a file (CSV, JSON, or a ChatGPT `conversations.json`), sent as
   * multipart form data in the field `file`.
   */
  async import(file: Blob, name = "import"): Promise<ImportResult> {
    const form = new FormData();
    form.set("file", file, (file as File).name ?? name);
    const body = await this.#json<unknown>("/api/import", {
      method: "POST",
      body: form,
    });
    return unwrapImport(body);
  }

  /** Create a conversation. */
  async create(fields: NewConversation = {}): Promise<Conversation> {
    const body = await this.#json<unknown>("/api/conversations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fields),
    });
    return unwrapConversation(body);
  }

  /** Save the settings under a name, for new chats. */
  async createPreset(fields: Omit<Preset, "id">): Promise<Preset> {
    return await this.#json<Preset>("/api/presets", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fields),
    });
  }

  /** Rename a preset (or change its fields); the preset as saved. */
  async changePreset(
    id: string,
    fields: Partial<Omit<Preset, "id">>,
  ): Promise<Preset> {
    return await this.#json<Preset>(
      `/api/presets/${encodeURIComponent(id)}`,
      {
        method: "PATCH",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(fields),
      },
    );
  }

  /** Remove a preset. */
  async deletePreset(id: string): Promise<void> {
    await this.#json<unknown>(`/api/presets/${encodeURIComponent(id)}`, {
      method: "DELETE",
    });
  }

  /** A conversation with its messages. */
  read(id: string): Promise<ConversationData> {
    return this.#json<ConversationData>(this.#path(id), {});
  }

  /**
   * Send a message and start the reply: the answer is the NDJSON stream of
   * the reply (read it with `readNdjson`).
   */
  send(id: string, body: SendBody): Promise<Response> {
    return this.#stream(`${this.#path(id)}/messages`, body);
  }

  /**
   * Upload files to attach to the next message (multipart, one `file`
   * field each); the stored records, whose ids the send names.
   */
  /** Remove an upload no message was sent with (a chip taken off). */
  async discardAttachment(id: string, attachmentId: string): Promise<void> {
    await this.#json<unknown>(
      `${this.#path(id)}/attachments/${encodeURIComponent(attachmentId)}`,
      { method: "DELETE" },
    );
  }

  async uploadAttachments(
    id: string,
    files: File[],
  ): Promise<Attachment[]> {
    const form = new FormData();
    for (const file of files) form.append("file", file, file.name);
    const body = await this.#json<{ attachments?: Attachment[] }>(
      `${this.#path(id)}/attachments`,
      { method: "POST", body: form },
    );
    if (!Array.isArray(body?.attachments)) {
      throw new ApiError(502, "The server sent an unexpected answer.");
    }
    return body.attachments;
  }

  /**
   * Answer a user message again (`messageId`; by default the last one
   * shown): a new version of the reply. The reply's NDJSON stream.
   */
  regenerate(
    id: string,
    body: { model?: string; messageId?: string } = {},
  ): Promise<Response> {
    return this.#stream(`${this.#path(id)}/regenerate`, body);
  }

  /**
   * Write more of a reply that ended early (`messageId`; by default the
   * last one shown): the same message grows. The reply's NDJSON stream.
   */
  continue(
    id: string,
    body: { model?: string; messageId?: string } = {},
  ): Promise<Response> {
    return this.#stream(`${this.#path(id)}/continue`, body);
  }

  /**
   * Reattach to the running reply, replaying the events after `after`;
   * null when no reply runs (or ran recently).
   */
  async reattach(id: string, after: number): Promise<Response | null> {
    const response = await this.#fetch(
      `${this.#path(id)}/stream?after=${after}`,
      {},
    );
    if (response.status === 204) {
      await response.body?.cancel();
      return null;
    }
    return response;
  }

  /** Stop the running reply (its text so far is kept). */
  async stop(id: string): Promise<void> {
    await this.#json<unknown>(`${this.#path(id)}/stop`, { method: "POST" });
  }

  /** The models available now. */
  async models(): Promise<ModelOption[]> {
    const body = await this.#json<{ models?: ModelOption[] }>(
      "/api/models",
      {},
    );
    return Array.isArray(body?.models) ? body.models : [];
  }

  /** Download link of one conversation in `format`. */
  exportUrl(id: string, format: ExportFormat): string {
    return `${this.#base}${this.#path(id)}/export?format=${format}`;
  }

  #path(id: string): string {
    return `/api/conversations/${encodeURIComponent(id)}`;
  }

  #stream(path: string, body: unknown): Promise<Response> {
    return this.#fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  /** Fetch; an answer that is not OK throws `ApiError` with its message. */
  async #fetch(path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(this.#base + path, init);
    } catch (error) {
      if ((error as Error)?.name === "AbortError") throw error;
      throw new ApiError(0, "The server could not be reached.");
    }
    if (!response.ok) {
      throw new ApiError(response.status, await errorMessage(response));
    }
    return response;
  }

  async #json<T>(path: string, init: RequestInit): Promise<T> {
    const response = await this.#fetch(path, init);
    if (response.status === 204) {
      await response.body?.cancel();
      return undefined as T;
    }
    return await response.json() as T;
  }
}

/** Message of an error answer: its `{ error }`, else a generic sentence. */
export async function errorMessage(response: Response): Promise<string> {
  const fallback = `The request failed (HTTP ${response.status}).`;
  try {
    const body = await response.json() as Partial<ErrorBody> | null;
    return typeof body?.error === "string" && body.error
      ? body.error
      : fallback;
  } catch {
    return fallback;
  }
}

function isConversation(value: unknown): value is Conversation {
  const v = value as Conversation;
  return typeof v?.id === "string" && typeof v?.updatedAt === "string";
}

/** Accept `{ conversation }` or the bare conversation. */
function unwrapConversation(body: unknown): Conversation {
  const wrapped = (body as { conversation?: unknown })?.conversation;
  const conversation = wrapped ?? body;
  if (!isConversation(conversation)) {
    throw new ApiError(502, "The server sent an unexpected answer.");
  }
  return conversation;
}

/** Check the shape of an import report. */
function unwrapImport(body: unknown): ImportResult {
  const report = body as Partial<ImportResult> | null;
  if (!Array.isArray(report?.imported)) {
    throw new ApiError(502, "The server sent an unexpected answer.");
  }
  return {
    imported: report.imported,
    skipped: Array.isArray(report.skipped) ? report.skipped : [],
  };
}

/** The client every island of the page uses. */
export const api: ConversationApi = new ConversationApi();
