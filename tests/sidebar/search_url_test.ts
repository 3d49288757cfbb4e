import { assertEquals } from "@std/assert";
import { withSearchQuery } from "../../lib/client/search_url.ts";

Deno.test("Search URL - sets, replaces and removes q, keeping the rest", () => {
  const base = "http://127.0.0.1:8000/c/0190a0b2-0000-7000-8000-000000000000";
  assertEquals(withSearchQuery(base, "tram 28"), `${base}?q=tram+28`);
  assertEquals(
    withSearchQuery(`${base}?q=old&view=1#end`, "new & more"),
    `${base}?q=new+%26+more&view=1#end`,
  );
  assertEquals(withSearchQuery(`${base}?view=1&q=old`, "  "), `${base}?view=1`);
  assertEquals(withSearchQuery(`${base}?q=old`, ""), base);
  assertEquals(withSearchQuery(base, ""), base);
});
