/**
 * Files attached to messages, the server side: safe names and headers,
 * types sniffed from the bytes, upload forms read with a bound and held to
 * the limits of lib/api/attachments.ts. Storing is the store's
 * (`ChatStore.putAttachment`); the routes go through `ConversationService`.
 *
 * @module
 */
export {
  contentDisposition,
  extensionOf,
  MAX_NAME_CHARS,
  safeFileName,
} from "./names.ts";
export { ACCEPTED, PLAIN_TEXT, type SniffedFile, sniffFile } from "./sniff.ts";
export {
  type CheckedFile,
  checkFile,
  type UploadedFile,
} from "./check_file.ts";
export { readUploadForm } from "./upload.ts";
