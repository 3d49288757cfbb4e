/**
 * One HTTP/1.1 request over a plain socket, to see what `fetch` hides: the
 * bytes as they travel (still compressed) and how many there are.
 *
 * @module
 */

/** A response as it came over the wire. */
export interface WireResponse {
  status: number;
  headers: Headers;
  /** The body with any chunked framing removed, not decompressed. */
  body: Uint8Array<ArrayBuffer>;
  /** Bytes of the body on the wire (framing included). */
  wireBytes: number;
}

/** Send a request (`Connection: close`) and read the whole response. */
export async function wireRequest(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } =
    {},
): Promise<WireResponse> {
  const target = new URL(url);
  const conn = await Deno.connect({
    hostname: target.hostname,
    port: Number(target.port),
  });
  const body = init.body ?? "";
  const lines = [
    `${init.method ?? "GET"} ${target.pathname}${target.search} HTTP/1.1`,
    `host: ${target.host}`,
    "connection: close",
    ...Object.entries(init.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
  ];
  if (body) {
    lines.push(`content-length: ${new TextEncoder().encode(body).length}`);
  }
  const request = new TextEncoder().encode(
    `${lines.join("\r\n")}\r\n\r\n${body}`,
  );
  const chunks: Uint8Array[] = [];
  try {
    for (let done = 0; done < request.length;) {
      done += await conn.write(request.subarray(done));
    }
    const buf = new Uint8Array(65_536);
    for (let n = await conn.read(buf); n !== null; n = await conn.read(buf)) {
      chunks.push(buf.slice(0, n));
    }
  } finally {
    conn.close();
  }
  const all = join(chunks);
  const headEnd = indexOf(all, [13, 10, 13, 10]);
  const head = new TextDecoder().decode(all.subarray(0, headEnd)).split("\r\n");
  const status = Number(head[0].split(" ")[1]);
  const headers = new Headers();
  for (const line of head.slice(1)) {
    const colon = line.indexOf(":");
    headers.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
  }
  const wire = all.subarray(headEnd + 4);
  const chunked = /chunked/i.test(headers.get("transfer-encoding") ?? "");
  return {
    status,
    headers,
    body: chunked ? unchunk(wire) : wire.slice(),
    wireBytes: wire.length,
  };
}

function join(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function indexOf(bytes: Uint8Array, pattern: number[]): number {
  outer: for (let i = 0; i <= bytes.length - pattern.length; i++) {
    for (let j = 0; j < pattern.length; j++) {
      if (bytes[i + j] !== pattern[j]) continue outer;
    }
    return i;
  }
  return -1;
}

function unchunk(wire: Uint8Array): Uint8Array<ArrayBuffer> {
  const parts: Uint8Array[] = [];
  let at = 0;
  while (at < wire.length) {
    const lineEnd = indexOf(wire.subarray(at), [13, 10]) + at;
    const size = parseInt(
      new TextDecoder().decode(wire.subarray(at, lineEnd)),
      16,
    );
    if (!size) break;
    parts.push(wire.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
  return join(parts);
}
