/**
 * Parts of the islands that are fetched on first use (the markdown
 * renderer, menus, dialogs) instead of with the page.
 *
 * @module
 */

/**
 * Wrap a dynamic `import()` so that it runs once, on the first call. A
 * failed download (a network drop) is not kept: the next call tries again.
 */
export function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    loading ??= load().catch((error) => {
      loading = null;
      throw error;
    });
}
