/**
 * The sidebar's search lives in the page address (`?q=`), so that a reload
 * or a bookmark shows the same results: the server renders them from it.
 *
 * @module
 */

/** `href` with its `q` parameter set to `query`, or removed when blank. */
export function withSearchQuery(href: string, query: string): string {
  const url = new URL(href);
  if (query.trim() === "") url.searchParams.delete("q");
  else url.searchParams.set("q", query);
  return url.href;
}
