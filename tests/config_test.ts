import { assertEquals, assertThrows } from "@std/assert";
import { readConfig } from "../lib/config.ts";

Deno.test("Config - defaults for a bare machine", () => {
  const config = readConfig(new Map());
  assertEquals(config.port, 8000);
  assertEquals(config.hostname, "127.0.0.1");
  assertEquals(config.dataDir, "./data");
  assertEquals(config.defaultModel, "demo");
  assertEquals(config.openaiApiKey, undefined);
  assertEquals(config.authPassword, undefined);
  assertEquals(config.providerIdleTimeoutMs, 60_000);
  assertEquals(config.dev, false);
});

Deno.test("Config - values from the environment; blanks count as unset", () => {
  const config = readConfig(
    new Map([
      ["PORT", "9001"],
      ["DATA_DIR", "/srv/chat"],
      ["OPENAI_BASE_URL", "http://127.0.0.1:11434/v1"],
      ["OPENAI_MODELS", " llama3.2 , qwen3 ,"],
      ["ANTHROPIC_API_KEY", "   "],
      ["PROVIDER_IDLE_TIMEOUT_MS", "5000"],
    ]),
  );
  assertEquals(config.port, 9001);
  assertEquals(config.dataDir, "/srv/chat");
  assertEquals(config.openaiBaseUrl, "http://127.0.0.1:11434/v1");
  assertEquals(config.openaiModels, ["llama3.2", "qwen3"]);
  assertEquals(config.anthropicApiKey, undefined);
  assertEquals(config.providerIdleTimeoutMs, 5000);
});

Deno.test("Config - a bad number names the variable", () => {
  assertThrows(
    () => readConfig(new Map([["PORT", "eighty"]])),
    Error,
    'PORT must be a whole number ≥ 0, got "eighty"',
  );
});

Deno.test("Config - STORE picks the backend; csv by default", () => {
  assertEquals(readConfig(new Map()).store, "csv");
  const kv = readConfig(
    new Map([["STORE", "KV"], ["KV_PATH", "http://127.0.0.1:4512"]]),
  );
  assertEquals(kv.store, "kv");
  assertEquals(kv.kvPath, "http://127.0.0.1:4512");
  assertEquals(kv.onDeploy, false);
  assertThrows(
    () => readConfig(new Map([["STORE", "sqlite"]])),
    Error,
    'STORE must be csv or kv, got "sqlite"',
  );
});

Deno.test("Config - on Deno Deploy the store is KV and CSV is refused", () => {
  const deploy = new Map([["DENO_DEPLOY", "1"]]);
  const config = readConfig(deploy);
  assertEquals(config.onDeploy, true);
  assertEquals(config.store, "kv");
  assertEquals(config.kvPath, undefined);
  assertThrows(
    () => readConfig(new Map([...deploy, ["STORE", "csv"]])),
    Error,
    "no persistent disk",
  );
  // Deploy Classic names its region; a container with only a deployment
  // id (as Fresh's Docker guide sets) is not Deploy.
  const classic = new Map([["DENO_DEPLOYMENT_ID", "abc"], [
    "DENO_REGION",
    "gcp-europe-west3",
  ]]);
  assertEquals(readConfig(classic).store, "kv");
  assertEquals(
    readConfig(new Map([["DENO_DEPLOYMENT_ID", "abc"]])).store,
    "csv",
  );
});
