import {
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../../lib/errors.ts";
import { planImport, runImport } from "../../lib/store/mod.ts";
import { define } from "../../utils.ts";

/** Largest import accepted (a long ChatGPT history runs to tens of MB). */
const MAX_BYTES = 64 * 1024 * 1024;

const TEXT_TYPES = [
  "application/json",
  "text/csv",
  "text/plain",
  "application/csv",
  "application/vnd.ms-excel",
  "application/octet-stream",
];

async function readBody(req: Request): Promise<Uint8Array<ArrayBuffer>> {
  const tooLarge = () =>
    new PayloadTooLargeError(
      `The file is larger than ${MAX_BYTES / 1024 / 1024} MB`,
    );
  if (Number(req.headers.get("content-length") ?? 0) > MAX_BYTES) {
    await req.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of req.body ?? []) {
    size += chunk.byteLength;
    if (size > MAX_BYTES) throw tooLarge();
    chunks.push(chunk);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ValidationError("The file is not UTF-8 text", { field: "file" });
  }
}

/**
 * `POST /api/import`: a CSV of messages, a LiveAiChat JSON export or
 * ChatGPT's `conversations.json`, sent as the body or as the `file` field
 * of a form. Answers with what was imported and what was skipped, and why.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const type = (ctx.req.headers.get("content-type") ?? "").split(";")[0]
      .trim().toLowerCase();
    const bytes = await readBody(ctx.req);
    let text: string;
    let filename: string | undefined;
    if (type === "multipart/form-data") {
      const form = await new Request("http://import/", {
        method: "POST",
        headers: { "content-type": ctx.req.headers.get("content-type")! },
        body: bytes,
      }).formData().catch(() => {
        throw new ValidationError("The form could not be read", {
          field: "file",
        });
      });
      const file = form.get("file");
      if (!(file instanceof File)) {
        throw new ValidationError("Attach the file in a field named file", {
          field: "file",
        });
      }
      text = utf8(new Uint8Array(await file.arrayBuffer()));
      filename = file.name;
    } else if (type === "" || TEXT_TYPES.includes(type)) {
      text = utf8(bytes);
    } else {
      throw new UnsupportedMediaTypeError(
        "Send a CSV or JSON file, as the body or as a form field named file",
      );
    }
    if (text.trim() === "") {
      throw new ValidationError("The file is empty", { field: "file" });
    }
    const report = await runImport(
      ctx.state.services.store,
      planImport(text, { filename }),
    );
    return Response.json(report, {
      status: report.imported.length > 0 ? 201 : 200,
    });
  },
});
