/**
 * The islands' calls to the API, in one place, so that every island turns
 * `{ "error": … }` answers into the same `ApiError` with the server's
 * message (shown to the person as is).
 *
 * @module
 */
import type {
  Conversation,
  ConversationPage,
  ConversationPatch,
  ErrorBody,
  Message,
} from "../api/mod.ts";

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
 * What the sidebar asks of `/api/conversations` and `/api/import`; the
 * base of `ConversationApi` (conversation_api.ts), which the chat loads
 * when it needs it (the page's download carries only this part). In the browser the
 * default instance calls the page's own origin; tests pass `base`.
 */
export class WorkspaceApi {
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
    return this.json<ConversationPage>(`/api/conversations${search}`, {
      signal: options.signal,
    });
  }

  /** One conversation's metadata. */
  async get(id: string): Promise<Conversation> {
    return unwrapConversation(await this.json<unknown>(this.path(id), {}));
  }

  /** Change a conversation's title, pin… and get the stored version. */
  async update(id: string, patch: ConversationPatch): Promise<Conversation> {
    const body = await this.json<unknown>(this.path(id), {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(patch),
    });
    return unwrapConversation(body);
  }

  /** Move a conversation to the trash. */
  async remove(id: string): Promise<void> {
    await this.json<unknown>(this.path(id), { method: "DELETE" });
  }

  /** Bring a conversation back from the trash. */
  async restore(id: string): Promise<Conversation> {
    const body = await this.json<unknown>(`${this.path(id)}/restore`, {
      method: "POST",
    });
    return unwrapConversation(body);
  }

  /**
   * Import a file (CSV, JSON, or a ChatGPT `conversations.json`), sent as
   * multipart form data in the field `file`.
   */
  async import(file: Blob, name = "import"): Promise<ImportResult> {
    const form = new FormData();
    form.set("file", file, (file as File).name ?? name);
    const body = await this.json<unknown>("/api/import", {
      method: "POST",
      body: form,
    });
    return unwrapImport(body);
  }

  /** Download link of one conversation in `format`. */
  exportUrl(id: string, format: ExportFormat): string {
    return `${this.#base}${this.path(id)}/export?format=${format}`;
  }

  /** Path of conversation `id`. */
  protected path(id: string): string {
    return `/api/conversations/${encodeURIComponent(id)}`;
  }

  /** Fetch; an answer that is not OK throws `ApiError` with its message. */
  protected async fetch(path: string, init: RequestInit): Promise<Response> {
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

  /** Fetch and read the JSON answer (undefined for 204). */
  protected async json<T>(path: string, init: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
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

/** Accept `{ conversation }` or the bare conversation (else `ApiError`). */
export function unwrapConversation(body: unknown): Conversation {
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

/** The sidebar's client (on the page from the start). */
export const workspaceApi: WorkspaceApi = new WorkspaceApi();
