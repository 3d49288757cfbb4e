import { assert, assertEquals, assertThrows } from "@std/assert";
import { filePathToRoute, underPrefix } from "../../lib/fresh/fs_routes.ts";
import {
  compareRoutes,
  compilePath,
  matchPath,
} from "../../lib/fresh/router.ts";

Deno.test("Router - file paths become route paths", () => {
  assertEquals(filePathToRoute("index.tsx"), "/");
  assertEquals(filePathToRoute("about.tsx"), "/about");
  assertEquals(filePathToRoute("c/[id].tsx"), "/c/:id");
  assertEquals(filePathToRoute("c/[id]/index.ts"), "/c/:id");
  assertEquals(filePathToRoute("docs/[...rest].tsx"), "/docs/:rest*");
  assertEquals(filePathToRoute("(marketing)/pricing.tsx"), "/pricing");
  assertEquals(
    filePathToRoute("api/conversations/[id]/stream.ts"),
    "/api/conversations/:id/stream",
  );
});

Deno.test("Router - static beats dynamic beats catch-all", () => {
  const routes = ["/:rest*", "/c/:id", "/c/new", "/c/:id/edit", "/"].map(
    compilePath,
  );
  routes.sort(compareRoutes);
  assertEquals(routes.map((r) => r.path), [
    "/",
    "/c/new",
    "/c/:id",
    "/c/:id/edit",
    "/:rest*",
  ]);
});

Deno.test("Router - params are decoded; malformed encoding throws", () => {
  const route = compilePath("/c/:id");
  assertEquals(matchPath(route, "/c/a%20b"), { id: "a b" });
  assertEquals(matchPath(route, "/d/x"), null);
  assertThrows(() => matchPath(route, "/c/%E0%A4%A"), URIError);
  const rest = compilePath("/docs/:rest*");
  assertEquals(matchPath(rest, "/docs/a/b/c"), { rest: "a/b/c" });
});

Deno.test("Router - only whole paths match; names with dots are literal", () => {
  const route = compilePath("/c/:id");
  assertEquals(matchPath(route, "/c/x/extra"), null);
  assertEquals(matchPath(route, "/c/"), null);
  const file = compilePath("/files/a.b");
  assertEquals(matchPath(file, "/files/a.b"), {});
  assertEquals(matchPath(file, "/files/axb"), null);
  const rest = compilePath("/docs/:rest*");
  assertEquals(matchPath(rest, "/docs"), {});
  assertEquals(matchPath(rest, "/docsx"), null);
  assertEquals(matchPath(compilePath("/"), "/"), {});
  assertEquals(matchPath(compilePath("/"), "/a"), null);
});

Deno.test("Router - folder prefixes cover the folder and below", () => {
  assert(underPrefix("/anything/at/all", "/"));
  assert(underPrefix("/api", "/api"));
  assert(underPrefix("/api/x", "/api"));
  assert(!underPrefix("/apix", "/api"));
  assert(underPrefix("/c/123/stream", "/c/:id"));
  assert(!underPrefix("/c", "/c/:id"));
});
