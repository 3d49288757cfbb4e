/**
 * The whole app on 127.0.0.1, port 0, with a temp data folder, for tests
 * that go through HTTP like a browser would.
 *
 * @module
 */
import { applyBuild } from "../_helpers/app_build.ts";
import { createApp } from "../../main.ts";
import { type Config, readConfig } from "../../lib/config.ts";
import { testStore } from "../_helpers/test_store.ts";
import { createServices, type Services } from "../../lib/services.ts";
import type { ChatEvent } from "../../lib/chat/mod.ts";

/** A running app. */
export interface TestServer {
  base: string;
  services: Services;
  dataDir: string;
  /** A conversation created directly in the store. */
  newConversation(title?: string): Promise<string>;
  /** `POST base + path` with a JSON body. */
  post(path: string, body?: unknown, init?: RequestInit): Promise<Response>;
}

const noEnv = { get: () => undefined };

/** Run `fn` against a fresh app; services are closed (replies interrupted) after. */
export async function withServer(
  overrides: Partial<Config>,
  fn: (server: TestServer) => Promise<void>,
): Promise<void> {
  const dataDir = await Deno.makeTempDir({ prefix: "chat_api_" });
  const config = readConfig(noEnv, {
    port: 0,
    dataDir,
    demoTokenDelayMs: 0,
    store: testStore(),
    ...overrides,
  });
  const services = await createServices(config);
  const app = await applyBuild(createApp(services));
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    app.handler(),
  );
  const base = `http://127.0.0.1:${server.addr.port}`;
  try {
    await fn({
      base,
      services,
      dataDir,
      async newConversation(title = "New chat") {
        return (await services.store.createConversation({ title })).id;
      },
      post(path, body, init = {}) {
        return fetch(`${base}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: body === undefined ? undefined : JSON.stringify(body),
          ...init,
        });
      },
    });
  } finally {
    await services.close();
    await server.shutdown();
    await Deno.remove(dataDir, { recursive: true });
  }
}

/** Read an NDJSON response to its end. */
export async function responseEvents(response: Response): Promise<ChatEvent[]> {
  const text = await response.text();
  if (text === "") return [];
  return text.trimEnd().split("\n").map((line) => JSON.parse(line));
}
