/**
 * A TCP proxy on 127.0.0.1 whose open connections can be cut at once: a
 * network drop, as a browser sees it, with the server left running.
 *
 * @module
 */

/** A running proxy. */
export interface TcpProxy {
  /** Base URL that reaches the target through the proxy. */
  base: string;
  /** Close every open connection (new ones still work). */
  dropAll(): void;
  close(): void;
}

/** Forward 127.0.0.1:<free port> to `targetPort`. */
export function startTcpProxy(targetPort: number): TcpProxy {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const open = new Set<Deno.Conn>();
  const pipe = async (from: Deno.Conn, to: Deno.Conn) => {
    try {
      await from.readable.pipeTo(to.writable);
    } catch {
      // one side went away; the other is closed below
    }
    for (const conn of [from, to]) {
      open.delete(conn);
      try {
        conn.close();
      } catch {
        // already closed
      }
    }
  };
  (async () => {
    for await (const client of listener) {
      const server = await Deno.connect({
        hostname: "127.0.0.1",
        port: targetPort,
      });
      open.add(client);
      open.add(server);
      pipe(client, server);
      pipe(server, client);
    }
  })().catch(() => {});
  return {
    base: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    dropAll() {
      for (const conn of open) {
        try {
          conn.close();
        } catch {
          // already closed
        }
      }
      open.clear();
    },
    close() {
      this.dropAll();
      listener.close();
    },
  };
}
