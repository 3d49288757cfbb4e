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
