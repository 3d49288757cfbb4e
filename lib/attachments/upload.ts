/**
 * An upload request turned into checked attachment records: the form is
 * read with a byte bound (never an unbounded body), every file is sniffed
 * and held to its limit before any is stored, so a refused file stores
 * nothing.
 *
 * @module
 */
import {
  formatBytes,
  MAX_ATTACHMENTS_PER_MESSAGE,
  MAX_IMAGE_ATTACHMENT_BYTES,
  MAX_TEXT_ATTACHMENT_BYTES,
  MAX_UPLOAD_REQUEST_BYTES,
} from "../api/attachments.ts";
import {
  isAppError,
  UnsupportedMediaTypeError,
  ValidationError,
} from "../errors.ts";
import { limitedBody } from "../http.ts";
import type { UploadedFile } from "./check_file.ts";

const TOO_LARGE = `The upload is larger than ${
  formatBytes(MAX_UPLOAD_REQUEST_BYTES)
}; send large files one at a time (images can be at most ${
  formatBytes(MAX_IMAGE_ATTACHMENT_BYTES)
}, text files ${formatBytes(MAX_TEXT_ATTACHMENT_BYTES)}).`;

/**
 * The `file` fields of a multipart upload: 415 when the body is not a
 * form, 413 beyond {@linkcode MAX_UPLOAD_REQUEST_BYTES}, 400 without a
 * file or with more than a message may have.
 */
export async function readUploadForm(req: Request): Promise<UploadedFile[]> {
  const type = (req.headers.get("content-type") ?? "").split(";")[0].trim()
    .toLowerCase();
  if (type !== "multipart/form-data") {
    await req.body?.cancel();
    throw new UnsupportedMediaTypeError(
      "Send files as a form (multipart/form-data) with one or more fields named file.",
    );
  }
  const body = limitedBody(req, MAX_UPLOAD_REQUEST_BYTES, TOO_LARGE);
  const form = await new Request("http://upload/", {
    method: "POST",
    headers: { "content-type": req.headers.get("content-type")! },
    body,
  }).formData().catch((error) => {
    if (isAppError(error)) throw error;
    throw new ValidationError("The form could not be read", { field: "file" });
  });
  const files = form.getAll("file").filter((f): f is File => f instanceof File);
  if (files.length === 0) {
    throw new ValidationError("Attach the files in fields named file", {
      field: "file",
    });
  }
  if (files.length > MAX_ATTACHMENTS_PER_MESSAGE) {
    throw new ValidationError(
      `At most ${MAX_ATTACHMENTS_PER_MESSAGE} files can be attached to a message; this upload has ${files.length}.`,
      { field: "file" },
    );
  }
  return await Promise.all(
    files.map(async (file) => ({
      name: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
    })),
  );
}
