/**
 * A module (or anything slow) loaded on its first use instead of with the
 * server, once: the calls share one load. A load that fails is forgotten,
 * so the next use calls the loader again rather than replaying the
 * failure until a restart. For `import()` itself this changes little:
 * Deno's module map keeps a failed specifier failed for the process
 * (missing file, syntax error, a throw while it runs).
 *
 * @module
 */

/** `load` run on the first call and shared; forgotten when it rejects. */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | null = null;
  return () =>
    loading ??= load().catch((error) => {
      loading = null;
      throw error;
    });
}
