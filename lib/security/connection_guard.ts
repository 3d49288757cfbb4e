/**
 * Time limits on connections, which `Deno.serve` does not have: a
 * connection that never finishes its request head (slowloris), one idle
 * between requests, and one whose client stopped reading what is sent to
 * it are closed after a bound. The guard listens on the public port and
 * relays bytes to the app's server on a loopback port; it reads no HTTP
 * beyond spotting the end of the first request head, and the reply behind
 * a dropped stream keeps running on the server.
 *
 * @module
 */

/** The bounds, in milliseconds. */
export interface ConnectionLimits {
  /** A new connection must finish its first request head within this. */
  headersTimeoutMs: number;
  /**
   * A connection with nothing sent either way for this long is closed,
   * unless a request on it still waits for its answer.
   */
  idleTimeoutMs: number;
  /** A write the client has not taken in for this long closes it. */
  writeStallMs: number;
}

/** Options of {@linkcode guardConnections}. */
export interface GuardOptions {
  /** Where people connect. */
  hostname: string;
  port: number;
  /** The app's own server (on loopback). */
  upstreamPort: number;
  limits: ConnectionLimits;
}

/** A running guard. */
export interface ConnectionGuard {
  /** The public address (the real port when `port` was 0). */
  addr: Deno.NetAddr;
  /**
   * The client behind an upstream connection, by the guard's local port
   * on it (what the app's server sees as the remote port).
   */
  clientOf(upstreamPort: number): Deno.NetAddr | undefined;
  /** Connections open now. */
  readonly open: number;
  /** Stop accepting new connections; open ones carry on. */
  stopAccepting(): void;
  /** Stop accepting and close every connection. */
  close(): void;
}

const HEAD_END = new Uint8Array([13, 10, 13, 10]);

/**
 * Each way of each connection holds one read buffer: 16 KiB, not 64, since
 * a chat's streams send small chunks and a thousand open streams held
 * 32 MB more at their peak with 64 KiB (measured at 1,000 replies: 301
 * against 269 MB); a large body only takes more reads.
 */
const RELAY_BUFFER_BYTES = 16 * 1024;

/** Whether `bytes` (after `carry`, the previous chunk's last 3 bytes) hold "\r\n\r\n". */
function endsHead(carry: Uint8Array, bytes: Uint8Array): boolean {
  const joined = new Uint8Array(carry.length + bytes.length);
  joined.set(carry);
  joined.set(bytes, carry.length);
  outer: for (let i = 0; i + 4 <= joined.length; i++) {
    for (let j = 0; j < 4; j++) {
      if (joined[i + j] !== HEAD_END[j]) continue outer;
    }
    return true;
  }
  return false;
}

async function writeAll(conn: Deno.Conn, bytes: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    offset += await conn.write(bytes.subarray(offset));
  }
}

/** Listen on the public address and relay each connection under the limits. */
export function guardConnections(options: GuardOptions): ConnectionGuard {
  const listener = Deno.listen({
    hostname: options.hostname,
    port: options.port,
  });
  const clients = new Map<number, Deno.NetAddr>();
  const closers = new Set<() => void>();
  const { limits } = options;
  const tick = Math.max(
    10,
    Math.min(
      limits.headersTimeoutMs,
      limits.idleTimeoutMs,
      limits.writeStallMs,
    ) / 4,
  );

  const relay = async (client: Deno.Conn) => {
    let upstream: Deno.Conn;
    try {
      upstream = await Deno.connect({
        hostname: "127.0.0.1",
        port: options.upstreamPort,
      });
    } catch {
      client.close();
      return;
    }
    const upstreamPort = (upstream.localAddr as Deno.NetAddr).port;
    clients.set(upstreamPort, client.remoteAddr as Deno.NetAddr);
    const opened = Date.now();
    let last = opened;
    // Bytes from the client after the server's last bytes: a request is
    // waiting for its answer, which the idle bound does not cut short.
    let lastFromClient = 0;
    let lastFromServer = 0;
    let headDone = false;
    let writingSince: number | null = null;
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      closers.delete(close);
      clients.delete(upstreamPort);
      for (const conn of [client, upstream]) {
        try {
          conn.close();
        } catch {
          // Already closed.
        }
      }
    };
    closers.add(close);
    const timer = setInterval(() => {
      const now = Date.now();
      if (!headDone && now - opened > limits.headersTimeoutMs) return close();
      if (writingSince !== null) {
        if (now - writingSince > limits.writeStallMs) close();
        return;
      }
      if (lastFromClient > lastFromServer) return;
      if (now - last > limits.idleTimeoutMs) close();
    }, tick);

    const fromClient = (async () => {
      const buffer = new Uint8Array(RELAY_BUFFER_BYTES);
      let carry = new Uint8Array(0);
      while (!closed) {
        const n = await client.read(buffer);
        if (n === null) break;
        last = lastFromClient = Date.now();
        const bytes = buffer.subarray(0, n);
        if (!headDone) {
          headDone = endsHead(carry, bytes);
          carry = bytes.slice(Math.max(0, n - 3));
        }
        await writeAll(upstream, bytes);
      }
    })();
    const toClient = (async () => {
      const buffer = new Uint8Array(RELAY_BUFFER_BYTES);
      while (!closed) {
        const n = await upstream.read(buffer);
        if (n === null) break;
        writingSince = lastFromServer = Date.now();
        await writeAll(client, buffer.subarray(0, n));
        writingSince = null;
        last = Date.now();
      }
    })();
    // Either side ending (or failing) ends the relay.
    await Promise.race([fromClient, toClient]).catch(() => {});
    close();
    await Promise.allSettled([fromClient, toClient]);
  };

  (async () => {
    try {
      for await (const client of listener) relay(client);
    } catch {
      // The listener was closed.
    }
  })();

  function stopAccepting() {
    try {
      listener.close();
    } catch {
      // Already closed.
    }
  }

  return {
    addr: listener.addr as Deno.NetAddr,
    clientOf: (port) => clients.get(port),
    get open() {
      return closers.size;
    },
    stopAccepting,
    close() {
      stopAccepting();
      for (const close of [...closers]) close();
    },
  };
}

/**
 * Serve `handler` behind the guard: the app's server on a loopback port,
 * the guard on the public one; the handler sees the real client address.
 */
export function serveGuarded(
  handler: (
    req: Request,
    info: Deno.ServeHandlerInfo,
  ) => Response | Promise<Response>,
  options: {
    hostname: string;
    port: number;
    limits: ConnectionLimits;
    signal?: AbortSignal;
  },
): { addr: Deno.NetAddr; guard: ConnectionGuard; finished: Promise<void> } {
  // Set once the guard listens (it needs the server's port first).
  const clients = {
    of: (_port: number): Deno.NetAddr | undefined => undefined,
  };
  const server = Deno.serve({
    hostname: "127.0.0.1",
    port: 0,
    signal: options.signal,
    onListen() {},
  }, (req, info) => {
    const client = clients.of(info.remoteAddr.port);
    return handler(
      req,
      client ? { ...info, remoteAddr: client } : info,
    );
  });
  const guard = guardConnections({
    hostname: options.hostname,
    port: options.port,
    upstreamPort: server.addr.port,
    limits: options.limits,
  });
  clients.of = guard.clientOf;
  // At shutdown the app's server finishes what is open (its grace);
  // only then are the relays closed.
  options.signal?.addEventListener("abort", () => guard.stopAccepting());
  return {
    addr: guard.addr,
    guard,
    finished: server.finished.finally(() => guard.close()),
  };
}
