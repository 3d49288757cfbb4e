/**
 * The API client of everything but the sidebar: replies, attachments,
 * presets, the trash. Its own module, so that it loads with the parts
 * that use it (the chat's machinery, the settings, the trash page) and not
 * with every page (see `WorkspaceApi` in api.ts).
 *
 * @module
 */
import type { Attachment } from "../api/attachments.ts";
import type {
  Conversation,
  DeletedConversation,
  NewConversation,
  Preset,
} from "../api/mod.ts";
import {
  ApiError,
  type ConversationData,
  type SendBody,
  unwrapConversation,
  WorkspaceApi,
} from "./api.ts";
import type { ModelOption } from "./chat_types.ts";

/**
 * Client of everything else the islands ask: replies, attachments,
 * presets, the trash.
 */
export class ConversationApi extends WorkspaceApi {
  /** The trash: deleted conversations, newest first, and how long they stay. */
  async trash(): Promise<
    { conversations: DeletedConversation[]; trashDays: number }
  > {
    return await this.json("/api/trash", {});
  }

  /** Delete a conversation in the trash for good. */
  async purge(id: string): Promise<void> {
    await this.json<unknown>(`/api/trash/${encodeURIComponent(id)}`, {
      method: "DELETE",
    });
  }

  /** Delete everything in the trash for good; returns how many. */
  async emptyTrash(): Promise<number> {
    const body = await this.json<{ deleted: number }>("/api/trash", {
      method: "DELETE",
    });
    return body.deleted;
  }

  /** Create a conversation. */
  async create(fields: NewConversation = {}): Promise<Conversation> {
    const body = await this.json<unknown>("/api/conversations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(fields),
    });
    return unwrapConversation(body);
  }

  /** Save the settings under a name, for new chats. */
  async createPreset(fields: Omit<Preset, "id">): Promise<Preset> {
    return await this.json<Preset>("/api/presets", {
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
    return await this.json<Preset>(
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
    await this.json<unknown>(`/api/presets/${encodeURIComponent(id)}`, {
      method: "DELETE",
    });
  }

  /** A conversation with its messages. */
  read(id: string): Promise<ConversationData> {
    return this.json<ConversationData>(this.path(id), {});
  }

  /**
   * Send a message and start the reply: the answer is the NDJSON stream of
   * the reply (read it with `readNdjson`).
   */
  send(id: string, body: SendBody): Promise<Response> {
    return this.#stream(`${this.path(id)}/messages`, body);
  }

  /**
   * Upload files to attach to the next message (multipart, one `file`
   * field each); the stored records, whose ids the send names.
   */
  async uploadAttachments(
    id: string,
    files: File[],
  ): Promise<Attachment[]> {
    const form = new FormData();
    for (const file of files) form.append("file", file, file.name);
    const body = await this.json<{ attachments?: Attachment[] }>(
      `${this.path(id)}/attachments`,
      { method: "POST", body: form },
    );
    if (!Array.isArray(body?.attachments)) {
      throw new ApiError(502, "The server sent an unexpected answer.");
    }
    return body.attachments;
  }

  /** Remove an upload no message was sent with (a chip taken off). */
  async discardAttachment(id: string, attachmentId: string): Promise<void> {
    await this.json<unknown>(
      `${this.path(id)}/attachments/${encodeURIComponent(attachmentId)}`,
      { method: "DELETE" },
    );
  }

  /**
   * Whether the server still has an upload (one kept with a draft over a
   * reload): false once it is gone (404); true when it cannot tell.
   */
  async hasAttachment(id: string, attachmentId: string): Promise<boolean> {
    try {
      await this.fetch(
        `${this.path(id)}/attachments/${encodeURIComponent(attachmentId)}`,
        // Never from the browser's cache (a thumbnail's GET is kept a day).
        { method: "HEAD", cache: "no-store" },
      );
      return true;
    } catch (error) {
      return !(error instanceof ApiError && error.status === 404);
    }
  }

  /**
   * Answer a user message again (`messageId`; by default the last one
   * shown): a new version of the reply. The reply's NDJSON stream.
   */
  regenerate(
    id: string,
    body: { model?: string; messageId?: string } = {},
  ): Promise<Response> {
    return this.#stream(`${this.path(id)}/regenerate`, body);
  }

  /**
   * Write more of a reply that ended early (`messageId`; by default the
   * last one shown): the same message grows. The reply's NDJSON stream.
   */
  continue(
    id: string,
    body: { model?: string; messageId?: string } = {},
  ): Promise<Response> {
    return this.#stream(`${this.path(id)}/continue`, body);
  }

  /**
   * Reattach to the running reply, replaying the events after `after`;
   * null when no reply runs (or ran recently).
   */
  async reattach(id: string, after: number): Promise<Response | null> {
    const response = await this.fetch(
      `${this.path(id)}/stream?after=${after}`,
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
    await this.json<unknown>(`${this.path(id)}/stop`, { method: "POST" });
  }

  /** POST `body` as JSON; the answer is a stream. */
  #stream(path: string, body: unknown): Promise<Response> {
    return this.fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  /** The models available now. */
  async models(): Promise<ModelOption[]> {
    const body = await this.json<{ models?: ModelOption[] }>(
      "/api/models",
      {},
    );
    return Array.isArray(body?.models) ? body.models : [];
  }
}

/** The client of the page's own server. */
export const api: ConversationApi = new ConversationApi();
