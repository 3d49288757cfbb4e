/**
 * What a file really is, found from its bytes: the browser's claimed type
 * and the name's extension are never trusted for safety. Accepted are
 * PNG, JPEG, GIF and WebP images (with their pixel size) and text (valid
 * UTF-8 without NUL bytes); everything else, SVG included (it can carry
 * scripts), is refused with a sentence saying what the file looks like.
 *
 * @module
 */
import { imageSize } from "image-size";
import type { AttachmentKind } from "../api/attachments.ts";
import { UnsupportedMediaTypeError } from "../errors.ts";
import { extensionOf } from "./names.ts";

/** What the bytes are. */
export interface SniffedFile {
  kind: AttachmentKind;
  mediaType: string;
  width?: number;
  height?: number;
  /**
   * The text re-encoded as UTF-8, when the file was UTF-16 with a byte
   * order mark (what Windows Notepad saves as "Unicode"): kept instead of
   * the uploaded bytes, so every text file is UTF-8.
   */
  utf8?: Uint8Array;
}

/** What the app accepts, said once for every refusal. */
export const ACCEPTED =
  "attach text or code files, or PNG, JPEG, GIF or WebP images";

interface Signature {
  /** Bytes at `offset` (null: any byte). */
  bytes: (number | null)[];
  offset?: number;
}

const IMAGES: { mediaType: string; label: string; signatures: Signature[] }[] =
  [
    {
      mediaType: "image/png",
      label: "PNG",
      signatures: [{ bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] }],
    },
    {
      mediaType: "image/jpeg",
      label: "JPEG",
      signatures: [{ bytes: [0xff, 0xd8, 0xff] }],
    },
    {
      mediaType: "image/gif",
      label: "GIF",
      signatures: [
        { bytes: ascii("GIF87a") },
        { bytes: ascii("GIF89a") },
      ],
    },
    {
      mediaType: "image/webp",
      label: "WebP",
      signatures: [{
        bytes: [...ascii("RIFF"), null, null, null, null, ...ascii("WEBP")],
      }],
    },
  ];

/** Binary formats people often try, to name them in the refusal. */
const REFUSED: { label: string; signature: Signature }[] = [
  { label: "a PDF document", signature: { bytes: ascii("%PDF") } },
  {
    label: "a ZIP archive (or an Office document)",
    signature: { bytes: [0x50, 0x4b, 0x03, 0x04] },
  },
  { label: "a Windows program", signature: { bytes: ascii("MZ") } },
  { label: "a program", signature: { bytes: [0x7f, ...ascii("ELF")] } },
  { label: "a gzip archive", signature: { bytes: [0x1f, 0x8b] } },
  {
    label: "a 7-Zip archive",
    signature: { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  },
  { label: "a RAR archive", signature: { bytes: ascii("Rar!") } },
  { label: "a BMP image", signature: { bytes: ascii("BM") } },
  { label: "a TIFF image", signature: { bytes: ascii("II*\0") } },
  { label: "a TIFF image", signature: { bytes: ascii("MM\0*") } },
  {
    label: "a HEIC or AVIF image",
    signature: { bytes: ascii("ftyp"), offset: 4 },
  },
];

/** Text types named after the extension; every text is served as text/plain. */
const TEXT_TYPES: Record<string, string> = {
  md: "text/markdown",
  markdown: "text/markdown",
  csv: "text/csv",
  json: "application/json",
  py: "text/x-python",
  js: "text/javascript",
  mjs: "text/javascript",
  ts: "text/x-typescript",
  tsx: "text/x-typescript",
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  xml: "application/xml",
  yaml: "application/yaml",
  yml: "application/yaml",
  sh: "application/x-sh",
};

/** The type of plain text and of code without a more specific one. */
export const PLAIN_TEXT = "text/plain; charset=utf-8";

/**
 * Find what `bytes` (named `name`, only for the refusal and the text
 * subtype) are; `UnsupportedMediaTypeError` (415) for anything not
 * accepted, with a sentence naming the file.
 */
export function sniffFile(bytes: Uint8Array, name: string): SniffedFile {
  for (const image of IMAGES) {
    if (!image.signatures.some((s) => matches(bytes, s))) continue;
    const size = dimensions(bytes);
    if (!size) {
      throw new UnsupportedMediaTypeError(
        `${name} looks like a ${image.label} image but cannot be read; ${ACCEPTED}.`,
      );
    }
    return { kind: "image", mediaType: image.mediaType, ...size };
  }
  const ext = extensionOf(name);
  if (ext === "svg" || ext === "svgz") {
    throw new UnsupportedMediaTypeError(
      `${name} is an SVG image, which can carry scripts, so it is not accepted; ${ACCEPTED}.`,
    );
  }
  if (isText(bytes)) {
    return { kind: "text", mediaType: TEXT_TYPES[ext] ?? PLAIN_TEXT };
  }
  const utf8 = fromUtf16(bytes);
  if (utf8) {
    return { kind: "text", mediaType: TEXT_TYPES[ext] ?? PLAIN_TEXT, utf8 };
  }
  const known = REFUSED.find((r) => matches(bytes, r.signature));
  throw new UnsupportedMediaTypeError(
    `${name} is ${
      known?.label ?? "not a text file or a supported image"
    }; ${ACCEPTED}.`,
  );
}

/** Valid UTF-8 with no NUL byte: what a text or code file is. */
function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * A UTF-16 text with a byte order mark, as UTF-8 (without the mark);
 * null when the bytes are not that (or hold a NUL character).
 */
function fromUtf16(bytes: Uint8Array): Uint8Array | null {
  const label = bytes[0] === 0xff && bytes[1] === 0xfe
    ? "utf-16le"
    : bytes[0] === 0xfe && bytes[1] === 0xff
    ? "utf-16be"
    : null;
  if (!label || bytes.length % 2 !== 0) return null;
  let text: string;
  try {
    text = new TextDecoder(label, { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  return text.includes("\u0000") ? null : new TextEncoder().encode(text);
}

/** Pixel size as shown (a JPEG turned by its orientation swaps them). */
function dimensions(
  bytes: Uint8Array,
): { width: number; height: number } | null {
  try {
    const size = imageSize(bytes);
    if (!size.width || !size.height) return null;
    const turned = (size.orientation ?? 1) >= 5;
    return turned
      ? { width: size.height, height: size.width }
      : { width: size.width, height: size.height };
  } catch {
    return null;
  }
}

function matches(bytes: Uint8Array, signature: Signature): boolean {
  const offset = signature.offset ?? 0;
  if (bytes.length < offset + signature.bytes.length) return false;
  return signature.bytes.every((b, i) => b === null || bytes[offset + i] === b);
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0));
}
