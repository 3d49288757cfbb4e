import { assertEquals } from "@std/assert";
import { createDefine, HttpError, page, type PageProps } from "fresh";

const define = createDefine<{ user: string }>();

const handler = define.handlers({
  GET() {
    return page({ count: 3 });
  },
});

Deno.test("Define - page<typeof handler> gives the page the data its handler returns, as Fresh 2.3", () => {
  const Page = define.page<typeof handler>(({ data }) => {
    const _count: number = data.count;
    // @ts-expect-error: the handler returns no `name`
    data.name;
    return null;
  });
  const props = { data: { count: 3 } } as PageProps<{ count: number }, {
    user: string;
  }>;
  // Fresh types the result as any component; this one is a function.
  assertEquals((Page as (p: typeof props) => unknown)(props), null);
});

Deno.test("HttpError - message is empty unless given; status is an error status, as Fresh 2.3", () => {
  const error = new HttpError(404);
  assertEquals(error.message, "");
  assertEquals(error.name, "HttpError");
  assertEquals(new HttpError(409, "busy").message, "busy");
  // @ts-expect-error: 200 is not an error status (@std/http's ErrorStatus)
  new HttpError(200);
});
