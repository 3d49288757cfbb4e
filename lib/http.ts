/**
 * Reading JSON request bodies the same way in every API route: the right
 * status for each way a body can be wrong (415 not JSON, 400 unreadable or
 * not an object, 413 too big) and a bounded read, so a huge body is refused
 * without being buffered.
 *
 * @module
 */
import {
  NotFoundError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "./errors.ts";
import { isId } from "./store/mod.ts";

/** Options of {@linkcode readJsonBody}. */
export interface ReadJsonOptions {
  /** Largest body accepted, in bytes (413 beyond). Default 1 MiB. */
  maxBytes?: number;
  /** Treat an empty body as `{}` (endpoints whose fields are all optional). */
  optional?: boolean;
}

/** A JSON object body. */
export type JsonObject = Record<string, unknown>;

/** Whether a `Content-Type` is exactly JSON (`application/json`, any params). */
export function isJsonType(contentType: string | null): boolean {
  return contentType?.split(";")[0].trim().toLowerCase() === "application/json";
}

/**
 * Read the whole body, refusing it (413, with `tooLargeMessage`) as soon as
 * it is larger than `maxBytes`: a huge body is never buffered.
 */
export async function readBodyBytes(
  req: Request,
  maxBytes: number,
  tooLargeMessage = `The request body is larger than ${maxBytes} bytes.`,
): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    await req.body?.cancel();
    throw new PayloadTooLargeError(tooLargeMessage);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) throw new PayloadTooLargeError(tooLargeMessage);
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * The request body as a stream that errors with a 413 as soon as more than
 * `maxBytes` have come (or are declared): for bodies read as they arrive,
 * such as imports, which must not be buffered whole first.
 */
export function limitedBody(
  req: Request,
  maxBytes: number,
  tooLargeMessage = `The request body is larger than ${maxBytes} bytes.`,
): ReadableStream<Uint8Array> {
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) {
    req.body?.cancel().catch(() => {});
    throw new PayloadTooLargeError(tooLargeMessage);
  }
  let size = 0;
  return (req.body ?? ReadableStream.from<Uint8Array>([])).pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        size += chunk.byteLength;
        if (size > maxBytes) {
          controller.error(new PayloadTooLargeError(tooLargeMessage));
        } else controller.enqueue(chunk);
      },
    }),
  );
}

/** Decode UTF-8 strictly; anything else is a 400 saying so. */
export function decodeUtf8(
  bytes: Uint8Array,
  message = "The request body is not valid UTF-8.",
  field?: string,
): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError(message, field ? { field } : undefined);
  }
}

/**
 * Read the request body as a JSON object. A body sent as anything but
 * `application/json` (a missing type included) is a 415, except an empty
 * body where every field is optional; one that does not parse, or is not
 * an object, is a 400.
 */
export async function readJsonBody(
  req: Request,
  options: ReadJsonOptions = {},
): Promise<JsonObject> {
  // Only JSON: the types a form or a beacon can send (text/plain,
  // urlencoded, multipart, none) are refused before the body is read.
  const contentType = req.headers.get("content-type");
  const json = isJsonType(contentType);
  if (!json && (contentType !== null || !options.optional)) {
    await req.body?.cancel();
    throw new UnsupportedMediaTypeError(
      "Send the request body as JSON (Content-Type: application/json).",
    );
  }
  const text = decodeUtf8(
    await readBodyBytes(req, options.maxBytes ?? 1024 * 1024),
  );
  if (text.trim() === "" && options.optional) return {};
  if (!json) {
    throw new UnsupportedMediaTypeError(
      "Send the request body as JSON (Content-Type: application/json).",
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new ValidationError("The request body must be a JSON object.");
  }
  return value as JsonObject;
}

/**
 * The conversation id from a route parameter. Anything that is not a
 * well-formed id is a 404 before any file is touched.
 */
export function conversationIdFrom(params: Record<string, string>): string {
  const id = params.id ?? "";
  if (!isId(id)) throw new NotFoundError("Conversation not found");
  return id;
}
