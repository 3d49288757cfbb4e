import {
  UnsupportedMediaTypeError,
  ValidationError,
} from "../../lib/errors.ts";
import { decodeUtf8, readBodyBytes } from "../../lib/http.ts";
import { planImport, runImport } from "../../lib/store/mod.ts";
import { define } from "../../utils.ts";

/** Largest import accepted (a long ChatGPT history runs to tens of MB). */
const MAX_BYTES = 64 * 1024 * 1024;

// Not text/plain, urlencoded or no type at all: those a page of another
// site can send without asking (multipart too, but only from a form posted
// to this origin, which the same-origin check stands for).
const TEXT_TYPES = [
  "application/json",
  "text/csv",
  "application/csv",
  "application/vnd.ms-excel",
  "application/octet-stream",
];

/**
 * `POST /api/import`: a CSV of messages, a LiveAiChat JSON export or
 * ChatGPT's `conversations.json`, sent as the body or as the `file` field
 * of a form. Answers with what was imported and what was skipped, and why.
 */
export const handler = define.handlers({
  async POST(ctx) {
    const type = (ctx.req.headers.get("content-type") ?? "").split(";")[0]
      .trim().toLowerCase();
    if (type !== "multipart/form-data" && !TEXT_TYPES.includes(type)) {
      await ctx.req.body?.cancel();
      throw new UnsupportedMediaTypeError(
        "Send a CSV or JSON file, as the body (Content-Type text/csv or application/json) or as a form field named file",
      );
    }
    const bytes = await readBodyBytes(
      ctx.req,
      MAX_BYTES,
      `The file is larger than ${MAX_BYTES / 1024 / 1024} MB`,
    );
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
      text = decodeUtf8(
        new Uint8Array(await file.arrayBuffer()),
        "The file is not UTF-8 text",
        "file",
      );
      filename = file.name;
    } else {
      text = decodeUtf8(bytes, "The file is not UTF-8 text", "file");
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
