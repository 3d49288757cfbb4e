import { acceptsImages } from "../../lib/ai/mod.ts";
import {
  assertEquals,
  assertInstanceOf,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { readConfig } from "../../lib/config.ts";
import { ValidationError } from "../../lib/errors.ts";
import {
  createModelRegistry,
  DemoLanguageModel,
  ModelRegistry,
  OpenAISource,
} from "../../lib/ai/mod.ts";
import { startOpenAIMock } from "./mock_providers.ts";

const noEnv = { get: () => undefined };

Deno.test("Model registry - demo only when nothing is configured", async () => {
  const registry = createModelRegistry(readConfig(noEnv));
  assertEquals((await registry.listModels()).map((m) => m.id), ["demo"]);
  const resolved = await registry.resolve(undefined);
  assertEquals(resolved.info.id, "demo");
  assertInstanceOf(resolved.model, DemoLanguageModel);
  assertEquals((await registry.resolve("  ")).info.id, "demo");
});

Deno.test("Model registry - unknown id is a 400 that lists the available ids", async () => {
  const registry = createModelRegistry(readConfig(noEnv));
  for (const id of ["gpt-4", "openai:gpt-4", "demo:x", ":", "anthropic:"]) {
    const error = await assertRejects(
      () => registry.resolve(id),
      ValidationError,
    );
    assertEquals(error.status, 400);
    assertStringIncludes(error.message, `Unknown model "${id}"`);
    assertStringIncludes(error.message, "Available models: demo.");
  }
});

Deno.test("Model registry - configured model list needs no /models call", async () => {
  const mock = startOpenAIMock();
  try {
    const config = readConfig(noEnv, {
      openaiBaseUrl: mock.url,
      openaiModels: ["llama3.2", "qwen2.5"],
      defaultModel: "openai:qwen2.5",
    });
    const registry = createModelRegistry(config);
    assertEquals((await registry.listModels()).map((m) => m.id), [
      "demo",
      "openai:llama3.2",
      "openai:qwen2.5",
    ]);
    const resolved = await registry.resolve(null);
    assertEquals(resolved.info, {
      id: "openai:qwen2.5",
      name: "qwen2.5",
      provider: "openai",
      providerLabel: "OpenAI-compatible",
      images: false,
    });
    // Same model object on every resolve: providers are built once.
    assertEquals(
      (await registry.resolve("openai:qwen2.5")).model,
      resolved.model,
    );
    assertEquals(mock.requests.length, 0);
  } finally {
    await mock.close();
  }
});

Deno.test("Model registry - unreachable /models accepts the provider's ids", async () => {
  const mock = startOpenAIMock();
  const url = mock.url;
  await mock.close();
  const registry = new ModelRegistry({
    sources: [new OpenAISource({ baseUrl: url, fetch })],
  });
  assertEquals((await registry.listModels()).map((m) => m.id), ["demo"]);
  assertEquals(
    (await registry.resolve("openai:anything")).info.name,
    "anything",
  );
});

Deno.test("Model registry - /models answers are cached, even empty ones", async () => {
  const mock = startOpenAIMock();
  try {
    mock.models = [];
    const registry = createModelRegistry(
      readConfig(noEnv, { openaiBaseUrl: mock.url, openaiApiKey: "k" }),
    );
    assertEquals((await registry.listModels()).length, 1);
    await registry.listModels();
    assertEquals(
      mock.requests.filter((r) => r.path === "/v1/models").length,
      1,
    );
    assertEquals(
      mock.requests[0].headers.get("authorization"),
      "Bearer k",
    );
  } finally {
    await mock.close();
  }
});

Deno.test("Model registry - which models are sent images", () => {
  assertEquals(acceptsImages("demo", "demo"), true);
  assertEquals(acceptsImages("anthropic", "claude-sonnet-4-5"), true);
  assertEquals(acceptsImages("anthropic", "claude-2.1"), false);
  for (
    const name of ["gpt-4o-mini", "gpt-5", "o3", "llava:13b", "qwen2.5-vl-7b"]
  ) {
    assertEquals(acceptsImages("openai", name), true, name);
  }
  for (const name of ["llama3.2", "qwen2.5", "gpt-3.5-turbo", "mistral"]) {
    assertEquals(acceptsImages("openai", name), false, name);
  }
});
