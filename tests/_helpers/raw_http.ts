/**
 * Raw HTTP/1.1 over a TCP socket, for requests `fetch` will not send as
 * written (a forged `Host`, a lying `Content-Length`, broken bytes).
 *
 * @module
 */

/** What came back: the status and the whole text (headers and body). */
export interface RawResponse {
  status: number;
  text: string;
}

/** Whether `text` holds a whole response (by its length or last chunk). */
function complete(text: string): boolean {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const head = text.slice(0, end).toLowerCase();
  const length = head.match(/content-length: (\d+)/)?.[1];
  if (length !== undefined) {
    return new TextEncoder().encode(text.slice(end + 4)).length >=
      Number(length);
  }
  if (head.includes("transfer-encoding: chunked")) {
    return text.endsWith("0\r\n\r\n");
  }
  return false;
}

/**
 * Send `head` (request line and headers, without the blank line) and
 * `body`, read until the server closes, and parse the status line.
 */
export async function rawRequest(
  base: string,
  head: string,
  body: string | Uint8Array = "",
): Promise<RawResponse> {
  const port = Number(new URL(base).port);
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  try {
    const encoder = new TextEncoder();
    await conn.write(encoder.encode(
      head.replace(/\r?\n?$/, "") + "\r\nConnection: close\r\n\r\n",
    ));
    if (body.length) {
      await conn.write(typeof body === "string" ? encoder.encode(body) : body)
        .catch(() => 0);
    }
    const chunks: Uint8Array[] = [];
    const buffer = new Uint8Array(16 * 1024);
    let text = "";
    // Until the server closes, or the whole answer is in (a server may
    // keep a connection whose request body it did not read).
    while (!complete(text)) {
      const n = await conn.read(buffer).catch(() => null);
      if (n === null) break;
      chunks.push(buffer.slice(0, n));
      text = new TextDecoder().decode(
        new Uint8Array(chunks.flatMap((c) => [...c])),
      );
    }
    return { status: Number(text.split(" ")[1]), text };
  } finally {
    try {
      conn.close();
    } catch {
      // Already closed by the server.
    }
  }
}
