import { page } from "fresh";
import { Workspace } from "../components/workspace.tsx";
import { themeFromCookie } from "../lib/theme.ts";
import {
  EXAMPLE_PROMPTS,
  loadWorkspace,
  type WorkspaceData,
} from "../lib/workspace_page.ts";
import { define } from "../utils.ts";

export const handler = define.handlers<WorkspaceData>({
  async GET(ctx) {
    const query = ctx.url.searchParams.get("q") ?? "";
    return page(await loadWorkspace(ctx.state.services, { query }));
  },
});

/** The workspace with no conversation open: a new chat. */
export default define.page<WorkspaceData>(function Home({ data, req }) {
  return (
    <Workspace
      data={data}
      theme={themeFromCookie(req.headers.get("cookie"))}
      examples={EXAMPLE_PROMPTS}
    />
  );
});
