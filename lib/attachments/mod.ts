/**
 * Files attached to messages, the server side: safe names and headers,
 * types sniffed from the bytes, upload forms read with a bound and held to
 * the limits of lib/api/attachments.ts. Storing is the store's
 * (`ChatStore.putAttachment`); the routes go through `ConversationService`.
 * The type sniffers (image-size among them) load with the first upload,
 * not with this face (`checkFiles`).
 *
 * @module
 */
export {
  contentDisposition,
  extensionOf,
  MAX_NAME_CHARS,
  safeFileName,
} from "./names.ts";
export type { SniffedFile } from "./sniff.ts";
export type { CheckedFile, UploadedFile } from "./check_file.ts";
export { checkFiles } from "./check_lazy.ts";
export { readUploadForm } from "./upload.ts";
