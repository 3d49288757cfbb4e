/**
 * Ordering, search and cursor pagination of the conversation list: pinned
 * first, then most recently updated, ties broken by id so that every
 * conversation has exactly one place and pages never skip or repeat.
 *
 * @module
 */
import { ValidationError } from "../errors.ts";
import type { IndexEntry } from "./columns.ts";
import { normalizeNewlines } from "./validate.ts";

/** Default and largest page sizes. */
export const PAGE_SIZE = { default: 50, max: 200 } as const;

/** Sort entries into list order (a new array). */
export function sortForList(entries: Iterable<IndexEntry>): IndexEntry[] {
  return [...entries].sort(compareForList);
}

/** Negative when `a` lists before `b`. */
export function compareForList(a: IndexEntry, b: IndexEntry): number {
  if (a.pinned !== b.pinned) return a.pinned ? -1 : 1;
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? -1 : 1;
  return a.id > b.id ? -1 : a.id < b.id ? 1 : 0;
}

type CursorKey = Pick<IndexEntry, "pinned" | "updatedAt" | "id">;

/** An opaque cursor pointing just after `entry`. */
export function encodeCursor(entry: CursorKey): string {
  const raw = `${entry.pinned ? 1 : 0}|${entry.updatedAt}|${entry.id}`;
  return btoa(raw).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The position a cursor points after; ValidationError when it is not one. */
export function decodeCursor(cursor: string): CursorKey {
  const bad = () =>
    new ValidationError("cursor is not a valid cursor", { field: "cursor" });
  if (cursor.length > 200 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let raw: string;
  try {
    raw = atob(cursor.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    throw bad();
  }
  const [pinned, updatedAt, id, ...rest] = raw.split("|");
  if (
    rest.length > 0 || (pinned !== "0" && pinned !== "1") ||
    !updatedAt || !id
  ) throw bad();
  return { pinned: pinned === "1", updatedAt, id };
}

/** Check a page size from a query string or options. */
export function pageSize(limit: unknown): number {
  if (limit === undefined || limit === null) return PAGE_SIZE.default;
  const n = typeof limit === "string" ? Number(limit) : limit;
  if (
    typeof n !== "number" || !Number.isInteger(n) || n < 1 ||
    n > PAGE_SIZE.max
  ) {
    throw new ValidationError(
      `limit must be a whole number from 1 to ${PAGE_SIZE.max}`,
      { field: "limit" },
    );
  }
  return n;
}

/**
 * One page from sorted entries: those after the cursor that `matches`
 * accepts, at most `limit`, and the cursor of the next page.
 */
export function page(
  sorted: readonly IndexEntry[],
  options: {
    cursor?: string;
    limit: number;
    matches?: (entry: IndexEntry) => boolean;
  },
): { entries: IndexEntry[]; nextCursor: string | null } {
  let start = 0;
  if (options.cursor) {
    const after = decodeCursor(options.cursor);
    // First entry strictly after the cursor (binary search).
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareForList(sorted[mid], after as IndexEntry) <= 0) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const entries: IndexEntry[] = [];
  let i = start;
  for (; i < sorted.length && entries.length < options.limit; i++) {
    if (!options.matches || options.matches(sorted[i])) {
      entries.push(sorted[i]);
    }
  }
  let more = false;
  for (; i < sorted.length; i++) {
    if (!options.matches || options.matches(sorted[i])) {
      more = true;
      break;
    }
  }
  const last = entries[entries.length - 1];
  return {
    entries,
    nextCursor: more && last ? encodeCursor(last) : null,
  };
}

/**
 * The text a search looks for: trimmed, lower-cased, newlines normalized as
 * stored; "" means no search. ValidationError beyond 200 characters.
 */
export function searchTerm(q: unknown): string {
  const term = typeof q === "string"
    ? normalizeNewlines(q).trim().toLowerCase()
    : "";
  if (term.length > 200) {
    throw new ValidationError("q must be at most 200 characters", {
      field: "q",
    });
  }
  return term;
}
