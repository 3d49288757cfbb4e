/**
 * Measures what a page makes the browser download up front: every script
 * it imports at load (not the lazily imported chunks), gzipped.
 *
 * @module
 */

/** Size of `bytes` after gzip. */
export async function gzipSize(
  bytes: Uint8Array<ArrayBuffer>,
): Promise<number> {
  const stream = new Blob([bytes]).stream().pipeThrough(
    new CompressionStream("gzip"),
  );
  return (await new Response(stream).arrayBuffer()).byteLength;
}

/**
 * The scripts a page loads at once: the boot script's imports and their
 * static imports, followed transitively. `import("…")` is not followed.
 */
export async function eagerScripts(
  base: string,
  html: string,
): Promise<Uint8Array<ArrayBuffer>[]> {
  const seen = new Set<string>();
  const queue = [...html.matchAll(/from"(\/_fresh\/js\/[^"]+)"/g)].map((m) =>
    m[1]
  );
  const out: Uint8Array<ArrayBuffer>[] = [];
  while (queue.length) {
    const path = queue.shift()!;
    if (seen.has(path)) continue;
    seen.add(path);
    const response = await fetch(base + path);
    const bytes = new Uint8Array(await response.arrayBuffer());
    out.push(bytes);
    const text = new TextDecoder().decode(bytes);
    const dir = path.slice(0, path.lastIndexOf("/") + 1);
    for (const m of text.matchAll(/(?:from|import)\s*"\.\/([^"]+)"/g)) {
      queue.push(dir + m[1]);
    }
  }
  return out;
}

/** Total raw and gzipped bytes of a list of files. */
export async function weigh(
  files: Uint8Array<ArrayBuffer>[],
): Promise<{ raw: number; gzip: number }> {
  let raw = 0;
  let gzip = 0;
  for (const bytes of files) {
    raw += bytes.byteLength;
    gzip += await gzipSize(bytes);
  }
  return { raw, gzip };
}
