/**
 * File names as people give them, made safe to show, to put in a header
 * and to export. The name is only ever a label: the file on disk is named
 * by the attachment's id, so no name can reach outside the data folder.
 *
 * @module
 */

/** Longest name kept, in characters (the extension survives a cut). */
export const MAX_NAME_CHARS = 200;

/** Name of a file whose name leaves nothing usable. */
const FALLBACK_NAME = "file";

/**
 * Control characters (C0, DEL, C1) and the bidirectional marks and
 * overrides that can make a name read backwards ("txt.exe" shown as
 * "exe.txt").
 */
const UNSAFE =
  // deno-lint-ignore no-control-regex
  /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** Characters Windows refuses in names: a download must keep working. */
const RESERVED = /[<>:"|?*]/g;

/**
 * A person's file name made safe: only its last path segment (`../../etc/
 * passwd` gives `passwd`), no control or direction characters, no
 * characters Windows refuses, no leading dots or spaces, at most
 * {@linkcode MAX_NAME_CHARS} characters with the extension kept; Unicode
 * letters are kept as they are (NFC). Never empty.
 */
export function safeFileName(raw: string): string {
  const last = raw.split(/[/\\]/).at(-1) ?? "";
  const cleaned = last.normalize("NFC")
    .replace(UNSAFE, "")
    .replace(RESERVED, "_")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+/, "")
    .trim();
  const name = cut(cleaned);
  return name === "" ? FALLBACK_NAME : name;
}

/** At most `MAX_NAME_CHARS` code points, keeping a short extension. */
function cut(name: string): string {
  const chars = [...name];
  if (chars.length <= MAX_NAME_CHARS) return name;
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? [...name.slice(dot)] : [];
  const keep = ext.length > 0 && ext.length <= 20 ? ext : [];
  const stem = chars.slice(0, MAX_NAME_CHARS - keep.length).join("").trimEnd();
  return stem + keep.join("");
}

/** The extension of a name, lowercase without the dot ("" when none). */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
}

/**
 * A `Content-Disposition` value that stays one safe header whatever the
 * name holds: an ASCII `filename` for old clients (anything else becomes
 * `_`) and the exact name as `filename*=UTF-8''…` (RFC 6266, RFC 8187).
 */
export function contentDisposition(
  type: "inline" | "attachment",
  name: string,
): string {
  const ascii = safeFileName(name).replace(/[^\x20-\x7e]|["\\%;]/g, "_");
  const encoded = encodeURIComponent(safeFileName(name)).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
