import {
  isAppError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../../lib/errors.ts";
import type { ImportReport } from "../../lib/store/mod.ts";
import { limitedBody } from "../../lib/http.ts";
import {
  IMPORT_LIMITS,
  planImport,
  tooLargeMessage,
} from "../../lib/store/mod.ts";
import { define } from "../../utils.ts";

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
 * of a form. The body is parsed as it arrives. Answers with what was
 * imported and what was skipped, and why.
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
    const body = limitedBody(
      ctx.req,
      IMPORT_LIMITS.bytes,
      tooLargeMessage(IMPORT_LIMITS.bytes),
    );
    let plan;
    if (type === "multipart/form-data") {
      const form = await new Request("http://import/", {
        method: "POST",
        headers: { "content-type": ctx.req.headers.get("content-type")! },
        body,
      }).formData().catch((error) => {
        if (isAppError(error)) throw error;
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
      plan = await planImport(file.stream(), { filename: file.name });
    } else {
      plan = await planImport(body);
    }
    const report = await ctx.state.services.conversations.import(plan);
    if (report.imported.length === 0) {
      // A file that gave nothing (every item skipped, or none at all) is
      // bad input: say why, and keep the report beside the message.
      return Response.json({ error: nothingImported(report), ...report }, {
        status: 400,
      });
    }
    return Response.json(report, { status: 201 });
  },
});

/** The sentence for an import that stored nothing, naming the first reasons. */
function nothingImported(report: ImportReport): string {
  if (report.skipped.length === 0) {
    return "Nothing was imported: the file holds no conversations.";
  }
  const reasons = report.skipped.slice(0, 3).map((skip) =>
    `${skip.item}: ${skip.reason}`
  );
  const more = report.skipped.length > 3
    ? ` (and ${report.skipped.length - 3} more)`
    : "";
  return `Nothing was imported. ${reasons.join("; ")}${more}.`;
}
