/**
 * Two real server processes on one Deno KV file behave as one service:
 * a reply started on A is followed on B, stopped from B, refused a second
 * send on B, and, when A dies mid-reply, ended as `interrupted` by B.
 */
import { assert, assertEquals } from "@std/assert";
import { type MainProcess, startMain } from "../_helpers/main_process.ts";

const json = { "content-type": "application/json" };

interface Line {
  type: string;
  seq: number;
  text?: string;
  status?: string;
}

/** Read NDJSON lines until `until` says stop (or the stream ends). */
async function readLines(
  response: Response,
  until: (line: Line, all: Line[]) => boolean = () => false,
): Promise<Line[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream())
    .getReader();
  const lines: Line[] = [];
  let rest = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return lines;
      rest += value;
      const parts = rest.split("\n");
      rest = parts.pop()!;
      for (const part of parts) {
        if (!part) continue;
        const line = JSON.parse(part);
        lines.push(line);
        if (until(line, lines)) return lines;
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

function text(lines: Line[]): string {
  return lines.filter((l) => l.type === "delta").map((l) => l.text).join("");
}

function count(n: number): string {
  return Array.from({ length: n }, (_, i) => i + 1).join(" ");
}

async function two(
  fn: (a: MainProcess, b: MainProcess) => Promise<void>,
  staleMs = 5_000,
): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "two_instances_" });
  const env = {
    STORE: "kv",
    KV_PATH: `${dir}/shared.kv`,
    DEMO_TOKEN_DELAY_MS: "15",
    REPLY_STALE_MS: String(staleMs),
  };
  const a = await startMain(`${dir}/a`, env);
  const b = await startMain(`${dir}/b`, env);
  try {
    await fn(a, b);
  } finally {
    for (const p of [a, b]) {
      try {
        p.child.kill("SIGKILL");
      } catch { /* already gone */ }
      await p.child.status;
      await p.drained;
    }
    await Deno.remove(dir, { recursive: true });
  }
}

async function newChat(base: string, title: string): Promise<string> {
  const response = await fetch(`${base}/api/conversations`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ title }),
  });
  assertEquals(response.status, 201);
  return (await response.json()).id;
}

function send(base: string, id: string, content: string): Promise<Response> {
  return fetch(`${base}/api/conversations/${id}/messages`, {
    method: "POST",
    headers: json,
    body: JSON.stringify({ content }),
  });
}

async function messages(base: string, id: string) {
  const response = await fetch(`${base}/api/conversations/${id}`);
  return (await response.json()).messages as {
    content: string;
    status: string;
  }[];
}

Deno.test("Instances - a reply started on A is followed on B exactly once; sidebar changes show on B", async () => {
  await two(async (a, b) => {
    const id = await newChat(a.base, "Shared");
    const listed = await (await fetch(`${b.base}/api/conversations`)).json();
    assertEquals(listed.conversations.map((c: { id: string }) => c.id), [id]);
    await fetch(`${a.base}/api/conversations/${id}`, {
      method: "PATCH",
      headers: json,
      body: JSON.stringify({ title: "Renamed on A", pinned: true }),
    }).then((r) => r.body?.cancel());
    const seen = await (await fetch(`${b.base}/api/conversations/${id}`))
      .json();
    assertEquals(
      [seen.conversation.title, seen.conversation.pinned],
      ["Renamed on A", true],
    );

    const n = 120;
    // A starts the reply; the person leaves after a few deltas…
    const first = await readLines(
      await send(a.base, id, `count to ${n}`),
      (l) => l.type === "delta" && l.seq >= 5,
    );
    const last = first[first.length - 1].seq;
    // …and comes back on B, asking for what came after.
    const rest = await readLines(
      await fetch(`${b.base}/api/conversations/${id}/stream?after=${last}`),
    );
    assertEquals(rest[0].seq, last + 1);
    const all = [...first, ...rest];
    assertEquals(all.map((l) => l.seq), all.map((_, i) => i));
    assertEquals(text(all), count(n));
    assertEquals(rest[rest.length - 1].type, "done");
    // Right after, B still replays the whole reply from the start.
    const replay = await readLines(
      await fetch(`${b.base}/api/conversations/${id}/stream?after=-1`),
    );
    assertEquals(text(replay), count(n));
    const stored = await messages(b.base, id);
    assertEquals(stored[1].content, count(n));
    assertEquals(stored[1].status, "complete");
  });
});

Deno.test("Instances - B refuses a second send (409) and stops A's reply", async () => {
  await two(async (a, b) => {
    const id = await newChat(a.base, "Stop me");
    const started = await send(a.base, id, "count to 5000");
    const onA = readLines(started);
    // Wait until B can see the reply running.
    for (;;) {
      const list = await messages(b.base, id);
      if (list[1]?.status === "streaming") break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const again = await send(b.base, id, "count to 3");
    assertEquals(again.status, 409);
    assert((await again.json()).error.includes("already being written"));
    const stop = await fetch(`${b.base}/api/conversations/${id}/stop`, {
      method: "POST",
    });
    assertEquals(stop.status, 200);
    const outcome = await stop.json();
    assertEquals([outcome.stopped, outcome.status], [true, "stopped"]);
    const lines = await onA;
    const done = lines[lines.length - 1];
    assertEquals([done.type, done.status], ["done", "stopped"]);
    assert(text(lines).length < count(5000).length);
    const stored = await messages(b.base, id);
    assertEquals(stored[1].status, "stopped");
    assertEquals(stored[1].content, text(lines));
    // Stopping again finds nothing running, as on one instance.
    const twice = await fetch(`${b.base}/api/conversations/${id}/stop`, {
      method: "POST",
    });
    assertEquals((await twice.json()).stopped, false);
    // Free again: B can send now.
    const next = await readLines(await send(b.base, id, "count to 3"));
    assertEquals(text(next), "1 2 3");
  });
});

Deno.test("Instances - when A dies mid-reply, B ends it as interrupted with its last checkpoint", async () => {
  await two(async (a, b) => {
    const id = await newChat(a.base, "Crash");
    const started = readLines(
      await send(a.base, id, "count to 5000"),
      // Past a checkpoint (every 500 ms): about 1 s of deltas.
      (l) => l.type === "delta" && l.seq > 60,
    );
    const seenOnA = await started;
    const follow = fetch(`${b.base}/api/conversations/${id}/stream?after=-1`);
    // Wait for a checkpoint to be stored, then kill A without warning.
    for (;;) {
      const list = await messages(b.base, id);
      if (list[1]?.content) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    a.child.kill("SIGKILL");
    await a.child.status;
    const lines = await readLines(await follow);
    const done = lines[lines.length - 1];
    assertEquals([done.type, done.status], ["done", "interrupted"]);
    assertEquals(lines.map((l) => l.seq), lines.map((_, i) => i));
    const stored = await messages(b.base, id);
    assertEquals(stored[1].status, "interrupted");
    assert(stored[1].content.length > 0);
    assert(count(5000).startsWith(stored[1].content));
    assert(text(lines).startsWith(text(seenOnA)));
    // The conversation is free for a new reply on B.
    const next = await readLines(await send(b.base, id, "count to 2"));
    assertEquals(text(next), "1 2");
  }, 3_000);
});
