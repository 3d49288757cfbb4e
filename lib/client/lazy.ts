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

/**
 * Run `load` again after a short pause when it fails, up to `tries` times
 * in all: a part the next click needs should survive a dropped
 * connection (each try fetches again what failed before).
 */
export async function retried<T>(
  load: () => Promise<T>,
  options: { tries?: number; pauseMs?: number } = {},
): Promise<T> {
  const { tries = 3, pauseMs = 250 } = options;
  for (let attempt = 1;; attempt++) {
    try {
      return await load();
    } catch (error) {
      if (attempt >= tries) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs * attempt));
    }
  }
}
