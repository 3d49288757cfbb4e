import { assertEquals } from "@std/assert";
import { conversationUsage, usageText } from "../../lib/client/usage.ts";

Deno.test("Usage - a conversation's replies add up", () => {
  const usage = conversationUsage([
    { role: "user", promptTokens: null, completionTokens: null },
    { role: "assistant", promptTokens: 1000, completionTokens: 250 },
    { role: "user", promptTokens: 7, completionTokens: 7 },
    { role: "assistant", promptTokens: null, completionTokens: null },
    { role: "assistant", promptTokens: 1300, completionTokens: null },
  ]);
  assertEquals(usage, {
    promptTokens: 2300,
    completionTokens: 250,
    replies: 2,
  });
  assertEquals(
    usageText(usage),
    "2,300 prompt + 250 reply = 2,550 tokens over 2 replies",
  );
  assertEquals(
    usageText(conversationUsage([])),
    "No token usage reported yet.",
  );
});
