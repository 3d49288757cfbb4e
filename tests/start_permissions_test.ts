/**
 * `deno task start` runs the server with the `start` permission set of
 * deno.json, not `-A`: these tests spawn it the same way.
 */
import {
  assert,
  assertEquals,
  assertMatch,
  assertStringIncludes,
} from "@std/assert";

import { pngBytes } from "./_helpers/images.ts";
import { startTaskFlags } from "./_helpers/start_task.ts";

const ROOT = new URL("../", import.meta.url).pathname;
const config = JSON.parse(await Deno.readTextFile(`${ROOT}deno.json`));
/** The flags the start task gives main.ts (`-P=start`, …). */
const START_FLAGS = await startTaskFlags(ROOT);

/** Spawn the server as the start task does; resolves with its base URL. */
async function spawnServer(env: Record<string, string>) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...START_FLAGS, "main.ts"],
    cwd: ROOT,
    env: { PORT: "0", NO_COLOR: "1", ...env },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const lines = child.stdout.pipeThrough(new TextDecoderStream());
  let seen = "";
  for await (const chunk of lines) {
    seen += chunk;
    const ready = seen.match(/ready on (http:\/\/[^/\s]+)\//);
    if (ready) {
      // The rest of stdout is not needed; drain it so the child never blocks.
      return { child, base: ready[1].replace("0.0.0.0", "127.0.0.1") };
    }
  }
  const { stderr } = await child.output().catch(() => ({ stderr: null }));
  throw new Error(`The server did not start: ${seen} ${stderr ?? ""}`);
}

async function stop(child: Deno.ChildProcess): Promise<void> {
  child.kill("SIGTERM");
  await child.status;
  await child.stderr.cancel().catch(() => {});
}

Deno.test("Permissions - the start task serves main.ts with the start set, never -A", () => {
  const start: string = config.tasks.start;
  assertStringIncludes(start, "deno run -P=start ");
  assertEquals(START_FLAGS.includes("-P=start"), true);
  assertEquals(/-A\s+main\.ts|--allow-all/.test(start), false);
  const set = config.permissions.start;
  assertEquals(set.write, ["./data"]);
  assertEquals(set.run, undefined);
  assertEquals(set.ffi, undefined);
});

Deno.test("Permissions - the start task installs node_modules in its build step and the server only reads it", () => {
  // Deno checks an "auto" node_modules folder again for each package a
  // module loaded after start-up names (the first page loads several):
  // about 100 ms of CPU before the first page on a 2-core machine. The
  // build step runs in "auto" mode first, so the folder is complete.
  const steps = (config.tasks.start as string).split("&&").map((s) => s.trim());
  assertEquals(steps.length, 2);
  assertStringIncludes(steps[0], "dev.ts build --if-missing");
  assertEquals(steps[0].includes("--node-modules-dir"), false);
  assertEquals(START_FLAGS.includes("--node-modules-dir=manual"), true);
});

Deno.test("Permissions - every variable the config reads is in the start set", async () => {
  const source = await Deno.readTextFile(`${ROOT}lib/config.ts`);
  const names = new Set(
    [...source.matchAll(
      /"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|PORT|HOSTNAME|STORE)"/g,
    )]
      .map((m) => m[1]),
  );
  assert(names.has("AUTH_PASSWORD") && names.has("PORT"));
  const allowed = new Set(config.permissions.start.env as string[]);
  assertEquals(
    [...names].filter((n) => !allowed.has(n)),
    [],
    "add these to permissions.start.env in deno.json, or the server cannot read them",
  );
});

Deno.test("Permissions - the start set denies writes outside data/, other reads, programs and other variables", async () => {
  const { stdout, code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-P=start", "tests/fixtures/permission_probe.ts"],
    cwd: ROOT,
    env: { NO_COLOR: "1" },
    stderr: "null",
  }).output();
  assertEquals(code, 0);
  assertEquals(JSON.parse(new TextDecoder().decode(stdout)), [
    "write the data folder",
  ]);
});

Deno.test({
  name:
    "Permissions - started with the start set on 0.0.0.0, it serves plain http with the security headers on every response",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dataDir = `./data/test_start_${crypto.randomUUID()}`;
    const { child, base } = await spawnServer({
      DATA_DIR: dataDir,
      HOSTNAME: "0.0.0.0",
    });
    try {
      const responses = {
        page: await fetch(base + "/"),
        missingPage: await fetch(base + "/no/such/page"),
        missingApi: await fetch(base + "/api/no-such-thing"),
        created: await fetch(base + "/api/conversations", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: '{"title":"Under least privilege"}',
        }),
      };
      assertEquals(responses.page.status, 200);
      assertEquals(responses.missingPage.status, 404);
      assertEquals(responses.missingApi.status, 404);
      assertEquals(responses.created.status, 201);
      for (const [name, response] of Object.entries(responses)) {
        await response.body?.cancel();
        const h = response.headers;
        assertEquals(h.get("x-content-type-options"), "nosniff", name);
        assertEquals(h.get("referrer-policy"), "no-referrer", name);
        const csp = h.get("content-security-policy") ?? "";
        assertMatch(csp, /frame-ancestors 'none'/, name);
        assertEquals(csp.includes("upgrade-insecure-requests"), false, name);
        assertEquals(h.has("strict-transport-security"), false, name);
      }
      assertMatch(
        responses.missingPage.headers.get("content-security-policy")!,
        /script-src 'self'(;|$)/,
        "the error page allows no inline script",
      );
      const index = await Deno.readTextFile(
        `${ROOT}${dataDir}/conversations.csv`,
      );
      assertStringIncludes(index, "Under least privilege");
      // Attachments (sniffing, image sizes, files under data/) work too.
      const { id } = await (await fetch(base + "/api/conversations", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      })).json();
      const form = new FormData();
      form.append("file", new File([await pngBytes(3, 2)], "dot.png"));
      const upload = await fetch(
        `${base}/api/conversations/${id}/attachments`,
        {
          method: "POST",
          body: form,
        },
      );
      assertEquals(upload.status, 201);
      const [file] = (await upload.json()).attachments;
      assertEquals([file.width, file.height], [3, 2]);
      const served = await fetch(
        `${base}/api/conversations/${id}/attachments/${file.id}`,
      );
      assertEquals(served.headers.get("content-type"), "image/png");
      await served.body?.cancel();
    } finally {
      await stop(child);
      await Deno.remove(`${ROOT}${dataDir}`, { recursive: true });
    }
  },
});

Deno.test("Permissions - a DATA_DIR outside the allowed paths stops the start, writing nothing there", async () => {
  const outside = await Deno.makeTempDir({ prefix: "liveaichat_outside_" });
  try {
    const { code, stderr } = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...START_FLAGS, "main.ts"],
      cwd: ROOT,
      env: { PORT: "0", NO_COLOR: "1", DATA_DIR: `${outside}/data` },
      stdout: "null",
      stderr: "piped",
    }).output();
    assert(code !== 0);
    assertStringIncludes(new TextDecoder().decode(stderr), "NotCapable");
    assertEquals([...Deno.readDirSync(outside)], []);
  } finally {
    await Deno.remove(outside, { recursive: true });
  }
});
